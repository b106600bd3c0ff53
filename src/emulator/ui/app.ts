/**
 * The inspector's frame: the key (asked for when the tab has none, refused
 * with a plain message), the live stream that drives every view, and three
 * views: signals, contacts, faults and state.
 */
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createApi } from './api.js';
import { ContactsView } from './contacts-view.js';
import { FaultsView } from './faults-view.js';
import { forgetKey, storedKey, storeKey } from './key.js';
import { SignalsView } from './signals-view.js';
import type { LiveEvent, SignalFilters } from './wire.js';

type Tab = 'signals' | 'contacts' | 'faults';
const TABS: ReadonlyArray<[Tab, string]> = [['signals', 'Signals'], ['contacts', 'Contacts'], ['faults', 'Faults & state']];
const NO_FILTERS: SignalFilters = { status: '', type: '', contact: '', text: '' };

function KeyPrompt({ refused, onKey }: { refused: boolean; onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  return html`<main class="key-prompt">
    <h1>Connect emulator · inspector</h1>
    ${refused ? html`<p class="error" role="alert">The emulator refused that key. Enter the key printed by <code>connect-signals emulator</code> (or the one you gave with <code>--api-key</code>).</p>` : null}
    <form onSubmit=${(e: Event) => { e.preventDefault(); if (value.trim() !== '') onKey(value.trim()); }}>
      <label>API key <input name="key" type="password" autocomplete="off" autofocus value=${value} onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" class="primary">Open</button>
    </form>
    <p class="muted">The key stays in this tab (sessionStorage) and is sent only in the <code>x-api-key</code> header.</p>
  </main>`;
}

export function App() {
  const [key, setKey] = useState<string | null>(storedKey());
  const [refused, setRefused] = useState(false);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('signals');
  const [live, setLive] = useState<LiveEvent | null>(null);
  const [version, setVersion] = useState(0);
  const [liveStatus, setLiveStatus] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  const [filters, setFilters] = useState<SignalFilters>(NO_FILTERS);
  const api = useMemo(() => (key === null ? null : createApi(key)), [key]);

  const refuse = () => {
    forgetKey();
    setKey(null);
    setReady(false);
    setRefused(true);
  };

  useEffect(() => {
    if (api === null) return undefined;
    const stop = new AbortController();
    api.stats().then(
      () => {
        setReady(true);
        setFailure(null);
        void api.live(
          (event) => {
            setLive(event);
            setVersion((v) => v + 1);
          },
          (status) => (status === 'refused' ? refuse() : setLiveStatus(status)),
          stop.signal,
        );
      },
      (e: unknown) => (e instanceof ApiError && e.status === 401 ? refuse() : setFailure(`Cannot reach the emulator: ${(e as Error).message}`)),
    );
    return () => stop.abort();
  }, [api]);

  if (key === null || api === null) {
    return html`<${KeyPrompt} refused=${refused} onKey=${(k: string) => { storeKey(k); setRefused(false); setKey(k); }} />`;
  }
  if (!ready) return html`<main class="key-prompt">${failure === null ? html`<p>Connecting…</p>` : html`<p class="error" role="alert">${failure}</p>`}</main>`;
  return html`<div class="app">
    <header class="top">
      <h1>Connect emulator</h1>
      <nav role="tablist">${TABS.map(([id, label]) => html`<button key=${id} role="tab" aria-selected=${tab === id} class=${tab === id ? 'tab active' : 'tab'} onClick=${() => setTab(id)}>${label}</button>`)}</nav>
      <span class=${`live ${liveStatus}`} title="Updates arrive over a streamed request to /_emulator/live">${liveStatus === 'live' ? '● live' : liveStatus === 'reconnecting' ? '○ reconnecting…' : '○ connecting…'}</span>
      <button class="link" onClick=${() => { forgetKey(); setKey(null); setReady(false); }}>Forget key</button>
    </header>
    <main>
      ${tab === 'signals' ? html`<${SignalsView} api=${api} version=${version} live=${live} filters=${filters} setFilters=${setFilters} />` : null}
      ${tab === 'contacts' ? html`<${ContactsView} api=${api} version=${version} showSignalsOf=${(contact: string) => { setFilters({ ...NO_FILTERS, contact }); setTab('signals'); }} />` : null}
      ${tab === 'faults' ? html`<${FaultsView} api=${api} version=${version} live=${live} />` : null}
    </main>
  </div>`;
}
