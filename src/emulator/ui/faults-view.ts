/**
 * Faults and state: the faults in force with a form to set or clear them, the
 * counters, and a reset that asks first.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.js';
import { count } from './format.js';
import { useRefreshed } from './use-refreshed.js';
import type { Faults, LiveEvent } from './wire.js';

/** The form's fields: text as typed, turned into {@link Faults} on submit. */
interface Draft {
  latencyMs: string;
  unavailableShare: string;
  rateLimitRequests: string;
  rateLimitWindowMs: string;
  dropShare: string;
  dropAfterProcessing: boolean;
  graphqlErrorShare: string;
  fewerIdsShare: string;
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

function draftOf(f: Faults): Draft {
  return {
    latencyMs: text(f.latencyMs), unavailableShare: text(f.unavailableShare), rateLimitRequests: text(f.rateLimit?.requests),
    rateLimitWindowMs: text(f.rateLimit?.windowMs), dropShare: text(f.dropShare), dropAfterProcessing: f.dropAfterProcessing === true,
    graphqlErrorShare: text(f.graphqlErrorShare), fewerIdsShare: text(f.fewerIdsShare),
  };
}

/** The faults a draft asks for; the emulator checks the values and names a bad one. */
function faultsOf(d: Draft): Faults {
  const faults: Record<string, unknown> = {};
  const num = (name: keyof Faults, raw: string) => {
    if (raw.trim() !== '') faults[name] = Number(raw);
  };
  num('latencyMs', d.latencyMs);
  num('unavailableShare', d.unavailableShare);
  num('dropShare', d.dropShare);
  num('graphqlErrorShare', d.graphqlErrorShare);
  num('fewerIdsShare', d.fewerIdsShare);
  if (d.dropAfterProcessing) faults.dropAfterProcessing = true;
  if (d.rateLimitRequests.trim() !== '') {
    faults.rateLimit = { requests: Number(d.rateLimitRequests), ...(d.rateLimitWindowMs.trim() === '' ? {} : { windowMs: Number(d.rateLimitWindowMs) }) };
  }
  return faults as Faults;
}

const FIELDS: ReadonlyArray<[keyof Draft, string, string]> = [
  ['latencyMs', 'Latency (ms)', 'added before every GraphQL answer'],
  ['unavailableShare', '503 share (0–1)', 'answered HTTP 503, nothing stored'],
  ['rateLimitRequests', 'Rate limit: requests', 'more per window get 429 + Retry-After'],
  ['rateLimitWindowMs', 'Rate limit: window (ms)', 'default 1000'],
  ['dropShare', 'Drop share (0–1)', 'connection destroyed, no answer'],
  ['graphqlErrorShare', 'GraphQL error share (0–1)', 'HTTP 200 with an errors entry, nothing stored'],
  ['fewerIdsShare', 'Fewer ids share (0–1)', 'one signal id fewer than accepted'],
];

function Counters({ live }: { live: LiveEvent | null }) {
  if (live === null) return null;
  const { faults, ...counts } = live.stats;
  const rows: Array<[string, number]> = [...Object.entries(counts), ...Object.entries(faults).map(([k, v]): [string, number] => [`faults.${k}`, v])];
  return html`<table class="counters"><tbody>${rows.map(([name, value]) => html`<tr key=${name}><th>${name}</th><td class="num">${count(value)}</td></tr>`)}</tbody></table>`;
}

export function FaultsView({ api, version, live }: { api: Api; version: number; live: LiveEvent | null }) {
  const { data: faults, error: loadError, reload } = useRefreshed(() => api.faults(), [api], version);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (faults !== null && draft === null) setDraft(draftOf(faults));
  }, [faults]);
  const apply = async (next: Faults) => {
    try {
      const set = await api.setFaults(next);
      setDraft(draftOf(set));
      setMessage({ kind: 'ok', text: Object.keys(set).length === 0 ? 'No faults in force.' : `Faults set: ${JSON.stringify(set)}` });
      reload();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };
  const reset = async () => {
    if (!window.confirm('Reset the emulator? Every signal, contact (seeded ones too), session and counter is forgotten, and faults are turned off.')) return;
    try {
      await api.reset();
      setDraft(draftOf({}));
      setMessage({ kind: 'ok', text: 'The emulator was reset.' });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };
  const d = draft ?? draftOf({});
  const field = (name: keyof Draft, value: string | boolean) => setDraft({ ...d, [name]: value });
  return html`<section class="faults-view">
    <div class="columns">
      <div>
        <h2>Faults</h2>
        <p>In force: <code class="faults-now">${faults === null ? '…' : Object.keys(faults).length === 0 ? 'none' : JSON.stringify(faults)}</code></p>
        ${loadError === null ? null : html`<p class="error" role="alert">${loadError}</p>`}
        <form class="faults-form" onSubmit=${(e: Event) => { e.preventDefault(); void apply(faultsOf(d)); }}>
          ${FIELDS.map(([name, label, hint]) => html`<label key=${name}><span>${label}</span>
            <input name=${name} inputmode="decimal" value=${d[name] as string} onInput=${(e: Event) => field(name, (e.target as HTMLInputElement).value)} />
            <small class="muted">${hint}</small></label>`)}
          <label class="check"><input type="checkbox" name="dropAfterProcessing" checked=${d.dropAfterProcessing}
            onChange=${(e: Event) => field('dropAfterProcessing', (e.target as HTMLInputElement).checked)} /> Process dropped requests first (stored, answer lost)</label>
          <div class="actions">
            <button type="submit" class="primary">Set faults</button>
            <button type="button" onClick=${() => void apply({})}>Clear all faults</button>
          </div>
        </form>
        ${message === null ? null : html`<p class=${message.kind === 'ok' ? 'ok' : 'error'} role="status">${message.text}</p>`}
      </div>
      <div>
        <h2>Counters</h2>
        <${Counters} live=${live} />
        <h2>Reset</h2>
        <p>Forgets signals, contacts, sessions and counters, and turns faults off.</p>
        <button class="danger" onClick=${() => void reset()}>Reset the emulator…</button>
      </div>
    </div>
  </section>`;
}
