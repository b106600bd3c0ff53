/**
 * The emulator's inspector page in a real browser: Debian's Chromium driven by
 * playwright-core, against a real emulator on 127.0.0.1, signals sent through
 * the real client (or as raw HTTP where the client would repair or refuse
 * them first). One browser for the file, a new context per test.
 *
 * The screenshot for the README is written to docs/inspector.png only with
 * UPDATE_SCREENSHOT=1 (a test run does not rewrite a tracked file otherwise).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import type { SendReport } from '../src/client/report.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { identificationExample, orderExample, pageViewExample } from './fixtures/reference-examples.js';
import { describeWith, findProgram } from './helpers/system-tool.js';

const KEY = 'inspector-test-key';
const QUERY = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROWS = 'table.signals tbody tr';

let browser: Browser;
let emulator: EmulatorHandle;
let context: BrowserContext | undefined;

type Signal = Record<string, unknown>;
const pageView = (email: string, extra: Signal = {}, content: Signal = {}): Signal => ({
  ...pageViewExample, identifiableAttributes: { email }, ...extra, signalContent: { ...pageViewExample.signalContent, ...content },
});

/** Sends through the real client (validated, batched, over HTTP); one attempt, so a fault shows as a failure. */
async function sendWithClient(signals: Signal[]): Promise<SendReport> {
  const client = createSignalsClient({ endpoint: emulator.graphqlUrl, apiKey: KEY, retry: { attempts: 1 } });
  try {
    return await client.send(signals);
  } finally {
    await client.close();
  }
}

/** Sends as raw HTTP: for signals the client would repair or refuse before sending. */
async function sendRaw(signals: Signal[]): Promise<void> {
  const res = await fetch(emulator.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ query: QUERY, variables: { signals } }) });
  expect(res.status).toBe(200);
}

/** Opens the page in a fresh context, by default with the key in the fragment, and waits for the live stream. */
async function open(hash = `#key=${KEY}`, waitForLive = true, viewport = { width: 1280, height: 720 }): Promise<Page> {
  context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${emulator.url}/_emulator/ui${hash}`);
  if (waitForLive) await page.locator('.live.live').waitFor();
  return page;
}

const waitForRows = (page: Page, n: number) => page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length === count, [ROWS, n] as const);
const rowTexts = (page: Page) => page.locator(ROWS).allTextContents();

describeWith('chromium', 'chromium')('the inspector page in Chromium', () => {
  beforeAll(async () => {
    [browser, emulator] = await Promise.all([
      chromium.launch({ executablePath: findProgram('chromium'), args: LAUNCH_ARGS }),
      startEmulator({ apiKey: KEY }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.stop();
  });
  beforeEach(() => emulator.reset());
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('opened with #key=, keeps the key for the tab, clears the address, and shows signals sent afterwards without a reload', async () => {
    const page = await open();
    expect(page.url()).toBe(`${emulator.url}/_emulator/ui`);
    expect(await page.evaluate(() => sessionStorage.getItem('connect-signals-emulator-key'))).toBe(KEY);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.getByText('No signals match.').waitFor();

    const first = await sendWithClient([pageView('a@example.com', { sessionId: 'SESS-1' }), pageView('b@example.com')]);
    expect(first.accepted).toBe(2);
    await waitForRows(page, 2);
    await sendWithClient([{ ...orderExample, identifiableAttributes: { email: 'c@example.com' } }]);
    await waitForRows(page, 3);

    const rows = await rowTexts(page);
    expect(rows[0]).toMatch(/^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{3}order\s*accepted\s*contact-3/); // newest first, local time
    expect(rows[0]).toContain('#2');
    expect(rows[2]).toMatch(/pageView\s*accepted\s*contact-1SESS-1\.\d{13}/); // the session as registered
    expect(await page.locator(`${ROWS} td.time`).first().getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    expect(await page.locator('.counts').textContent()).toMatch(/accepted 3.*discarded 0.*pageView 2.*order 1/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('a discarded signal shows its reason; the details of one with a dropped optional field show the issue and the rule', async () => {
    const page = await open();
    const dropped = pageView('a@example.com', {}, { effect: 'sideways' });
    await sendRaw([pageView('b@example.com', {}, { url: undefined }), dropped]);
    await sendWithClient([{ ...pageViewExample, identifiableAttributes: { contactKey: 'NOBODY-1' } }]);
    await waitForRows(page, 3);
    const rows = await rowTexts(page);
    expect(rows[0]).toMatch(/discarded\s*unknown_contact_key.*no contact has contactKey "NOBODY-1"/);
    expect(rows[2]).toMatch(/discarded\s*invalid.*signalContent\.url/);

    const [, stored] = emulator.signals();
    const issue = stored!.issues[0]!;
    expect(issue.path).toBe('signalContent.effect');
    await page.locator(ROWS).nth(1).click();
    const details = page.locator('aside.details');
    await details.waitFor();
    const text = (await details.textContent())!;
    expect(text).toContain(stored!.signalId!);
    expect(text).toContain('Dropped optional field: accepted and processed without signalContent.effect.');
    expect(await details.locator('table.issues tbody tr').allTextContents()).toEqual([`${issue.path}${issue.message}`]);
    const sent = JSON.parse((await details.locator('pre.json').first().textContent())!) as typeof dropped;
    expect(sent).toEqual(dropped); // as sent, the dropped field included
  });

  it('filters narrow the rows: status, type, contact and free text', async () => {
    const page = await open();
    await sendWithClient([
      pageView('a@example.com'), pageView('a@example.com', { sessionId: 'FIND-ME' }), pageView('b@example.com'),
      { ...orderExample, identifiableAttributes: { email: 'b@example.com' } },
    ]);
    await sendRaw([pageView('c@example.com', {}, { url: undefined })]);
    await waitForRows(page, 5);
    await page.selectOption('select[name=status]', 'discarded');
    await waitForRows(page, 1);
    await page.selectOption('select[name=status]', '');
    await page.selectOption('select[name=type]', 'order');
    await waitForRows(page, 1);
    await page.selectOption('select[name=type]', 'pageView');
    await waitForRows(page, 4);
    await page.fill('input[name=contact]', 'contact-1');
    await waitForRows(page, 2);
    await page.fill('input[name=text]', 'find-me');
    await waitForRows(page, 1);
    expect((await rowTexts(page))[0]).toContain('FIND-ME.');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForRows(page, 5);
  });

  it('the contacts view masks e-mails and phone numbers until asked, and shows the feed as the emulator computes it', async () => {
    emulator.addContacts([{ email: 'jane.doe@example.com', sms: '+14035549090', firstName: 'Jane' }]);
    const jane = (extra: Signal = {}, content: Signal = {}) => pageView('jane.doe@example.com', extra, content);
    const report = await sendWithClient([
      ...Array.from({ length: 7 }, (_, i) => jane({ sessionId: 'S1' }, { name: `S1 view ${i + 1}` })),
      jane({ sessionId: 'S2' }, { name: 'S2 view 1' }),
      { ...identificationExample, sessionId: 'S2', identifiableAttributes: { email: 'jane.doe@example.com' } },
      jane({ sessionId: 'S2', test: true }, { name: 'S2 test view' }),
    ]);
    expect(report.accepted).toBe(10);
    const page = await open();
    await page.getByRole('tab', { name: 'Contacts' }).click();
    const row = page.locator('tr[data-contact="contact-1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('j***@example.com');
    expect(await row.textContent()).toContain('+1*******090');
    expect(await page.locator('.contacts-view').textContent()).not.toContain('jane.doe@example.com');
    await page.getByLabel('Show e-mail addresses and phone numbers').check();
    await page.waitForFunction(() => /email jane\.doe@example\.com.*sms \+14035549090/.test(document.querySelector('tr[data-contact="contact-1"]')?.textContent ?? ''));

    await row.getByRole('button', { name: /contact-1/ }).click();
    const feed = page.locator('table.feed tbody tr');
    await feed.first().waitFor();
    const expected = emulator.contacts()[0]!.feed;
    expect(expected.map((f) => f.name)).toEqual(['S2 view 1', 'S1 view 7', 'S1 view 6', 'S1 view 5', 'S1 view 4', 'S1 view 3']);
    const shown = await feed.allTextContents();
    expect(shown).toHaveLength(expected.length);
    shown.forEach((text, i) => expect(text).toContain(expected[i]!.signalId));
    expect(shown.join('\n')).not.toMatch(/identification|S2 test view|S1 view [12]\b/);
  });

  it('setting a 503 fault in the page makes the client\'s next request get 503; clearing it lets signals through', async () => {
    const page = await open();
    await page.getByRole('tab', { name: 'Faults & state' }).click();
    await page.fill('input[name=unavailableShare]', '1');
    await page.getByRole('button', { name: 'Set faults' }).click();
    await page.getByText('Faults set: {"unavailableShare":1}').waitFor();
    expect(emulator.faults()).toEqual({ unavailableShare: 1 });

    const failed = await sendWithClient([pageView('a@example.com')]);
    expect(failed).toMatchObject({ accepted: 0, failed: 1 });
    expect(failed.outcomes[0]).toMatchObject({ status: 'failed', reason: { code: 'ERR_HTTP', status: 503 } });
    await page.waitForFunction(() => /faults\.unavailable\s*1/.test(document.querySelector('table.counters')?.textContent ?? ''));

    await page.getByRole('button', { name: 'Clear all faults' }).click();
    await page.getByText('No faults in force.').waitFor();
    expect(emulator.faults()).toEqual({});
    expect((await sendWithClient([pageView('a@example.com')])).accepted).toBe(1);
  });

  it('reset asks first; dismissed it keeps everything, accepted it clears signals and contacts', async () => {
    emulator.addContacts([{ contactKey: 'AAUN-1' }]);
    await sendWithClient([pageView('a@example.com'), pageView('b@example.com')]);
    const page = await open();
    await page.getByRole('tab', { name: 'Faults & state' }).click();
    const dialogs: string[] = [];
    page.once('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.getByRole('button', { name: 'Reset the emulator…' }).click();
    expect(dialogs[0]).toMatch(/^Reset the emulator\?/);
    expect(emulator.signals()).toHaveLength(2);
    expect(emulator.contacts()).toHaveLength(3);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Reset the emulator…' }).click();
    await page.getByText('The emulator was reset.').waitFor();
    expect(emulator.signals()).toEqual([]);
    expect(emulator.contacts()).toEqual([]);
    await page.getByRole('tab', { name: 'Signals' }).click();
    await page.getByText('No signals match.').waitFor();
    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByText(/^No contacts yet/).waitFor();
  });

  it('a signal carrying markup is shown as text and runs nothing; the CSP refuses inline script', async () => {
    const markup = '<img src=x onerror="window.pwned=1">';
    context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${emulator.url}/_emulator/ui#key=${KEY}`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await page.locator('.live.live').waitFor();
    await sendRaw([
      pageView('a@example.com', { sessionId: markup }, { name: markup }),
      pageView('b@example.com', {}, { signalType: markup }),
    ]);
    await waitForRows(page, 2);
    const rows = await rowTexts(page);
    expect(rows[0]).toContain(`(got "${markup.replaceAll('"', '\\"')}")`); // the unknown type, in the reason
    expect(rows[1]).toContain(`${markup}.`); // the session as registered
    await page.locator(ROWS).nth(1).click();
    expect(await page.locator('aside.details pre.json').first().textContent()).toContain(JSON.stringify(markup).slice(1, -1));
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    // The policy is in force: an inline script added to the page does not run.
    await page.addScriptTag({ content: 'window.inlineRan = true' }).catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  });

  it('without a key it asks for one; a wrong key gets a plain message; the right one opens the page', async () => {
    const page = await open('#key=not-the-key', false);
    await page.getByRole('alert').getByText('The emulator refused that key.').waitFor();
    expect(page.url()).toBe(`${emulator.url}/_emulator/ui`);
    expect(await page.evaluate(() => sessionStorage.getItem('connect-signals-emulator-key'))).toBeNull();
    await page.fill('input[name=key]', KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('.live.live').waitFor();

    const fresh = await context!.newPage(); // same context, new tab: sessionStorage is per tab
    await fresh.goto(`${emulator.url}/_emulator/ui`);
    await fresh.getByLabel('API key').waitFor();
    expect(await fresh.getByRole('alert').count()).toBe(0);
  });

  it('stays usable with 50,000 signals: one page of 100 rows, newest first, paged', async () => {
    const batch = JSON.stringify({ query: QUERY, variables: { signals: Array.from({ length: 500 }, (_, i) => pageView(`u${i}@example.com`)) } });
    for (let i = 0; i < 100; i += 4) {
      await Promise.all([0, 1, 2, 3].map(() => fetch(emulator.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: batch })));
    }
    expect(emulator.stats().accepted).toBe(50_000);
    const page = await open();
    await page.getByText('Signals 1–100 of 50,000, newest first').waitFor();
    expect(await page.locator(ROWS).count()).toBe(100);
    await page.getByRole('button', { name: 'Older ›' }).click();
    await page.getByText('Signals 101–200 of 50,000, newest first').waitFor();
    await page.selectOption('select[name=status]', 'discarded');
    await page.getByText('No signals match.').waitFor();
  });

  it('saves a screenshot of the signals view', async () => {
    emulator.addContacts([{ contactKey: 'AAUN-132417508', email: 'jane.doe@example.com', firstName: 'Jane' }]);
    await sendWithClient([
      ...Array.from({ length: 4 }, (_, i) => pageView('jane.doe@example.com', { sessionId: 'SESS-789456123AB' }, { name: `Page view ${i + 1}` })),
      { ...orderExample, identifiableAttributes: { contactKey: 'AAUN-132417508' }, sessionId: 'SESS-789456123AB' },
      { ...identificationExample, identifiableAttributes: { email: 'new.shopper@example.com' } },
      { ...pageViewExample, identifiableAttributes: { contactKey: 'AAUN-999' } },
      pageView('test.user@example.com', { test: true }),
    ]);
    await sendRaw([pageView('jane.doe@example.com', {}, { url: undefined }), pageView('sam@example.com', { sessionId: 'SESS-2' }, { effect: 'sideways' })]);
    const page = await open(undefined, true, { width: 1440, height: 600 });
    await waitForRows(page, 10);
    await page.locator(ROWS).first().click();
    await page.locator('aside.details').waitFor();
    const update = process.env.UPDATE_SCREENSHOT === '1';
    const dir = update ? undefined : mkdtempSync(join(tmpdir(), 'inspector-shot-'));
    const file = update ? fileURLToPath(new URL('../docs/inspector.png', import.meta.url)) : join(dir!, 'inspector.png');
    try {
      await page.screenshot({ path: file });
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  });
});
