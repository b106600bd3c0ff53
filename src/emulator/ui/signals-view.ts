/**
 * The signals view: counts per status and type, filters, a page of rows newest
 * first (reloaded on each live event while the newest page is shown), and the
 * details of the row chosen. Paged on the server, so 50,000 signals cost one
 * page of rows in the page.
 */
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.js';
import { count, localTime, utcTitle } from './format.js';
import { SignalDetails } from './signal-details.js';
import { useRefreshed } from './use-refreshed.js';
import type { LiveEvent, Signal, SignalFilters } from './wire.js';

/** Rows per page. */
export const PAGE_SIZE = 100;

const rowKey = (s: Signal, i: number) => s.signalId ?? `m${s.mutation}-${s.receivedAt}-${i}`;

interface Props {
  api: Api;
  version: number;
  live: LiveEvent | null;
  filters: SignalFilters;
  setFilters: (f: SignalFilters) => void;
}

function Counts({ live, filters, setFilters }: Pick<Props, 'live' | 'filters' | 'setFilters'>) {
  if (live === null) return null;
  const { counts } = live;
  const pick = (patch: Partial<SignalFilters>) => setFilters({ ...filters, ...patch });
  const types = Object.entries(counts.types).sort((a, b) => b[1] - a[1]);
  return html`<div class="counts" aria-label="Counts">
    <button class="count" onClick=${() => pick({ status: '' })}>all <b>${count(live.total)}</b></button>
    <button class="count accepted" onClick=${() => pick({ status: 'accepted' })}>accepted <b>${count(counts.accepted)}</b></button>
    <button class="count discarded" onClick=${() => pick({ status: 'discarded' })}>discarded <b>${count(counts.discarded)}</b></button>
    <span class="sep" />
    ${types.map(([type, n]) => html`<button key=${type} class="count" onClick=${() => pick({ type })}>${type} <b>${count(n)}</b></button>`)}
  </div>`;
}

function Filters({ live, filters, setFilters }: Pick<Props, 'live' | 'filters' | 'setFilters'>) {
  const [text, setText] = useState(filters.text);
  const [contact, setContact] = useState(filters.contact);
  useEffect(() => setText(filters.text), [filters.text]);
  useEffect(() => setContact(filters.contact), [filters.contact]);
  useEffect(() => {
    if (text === filters.text && contact === filters.contact) return undefined;
    const t = setTimeout(() => setFilters({ ...filters, text, contact: contact.trim() }), 250);
    return () => clearTimeout(t);
  }, [text, contact]);
  const types = Object.keys(live?.counts.types ?? {}).sort();
  if (filters.type !== '' && !types.includes(filters.type)) types.push(filters.type);
  return html`<form class="filters" onSubmit=${(e: Event) => e.preventDefault()}>
    <label>Status <select name="status" value=${filters.status}
      onChange=${(e: Event) => setFilters({ ...filters, status: (e.target as HTMLSelectElement).value as SignalFilters['status'] })}>
      <option value="">any</option><option value="accepted">accepted</option><option value="discarded">discarded</option>
    </select></label>
    <label>Type <select name="type" value=${filters.type} onChange=${(e: Event) => setFilters({ ...filters, type: (e.target as HTMLSelectElement).value })}>
      <option value="">any</option>${types.map((t) => html`<option key=${t} value=${t}>${t}</option>`)}
    </select></label>
    <label>Contact <input name="contact" placeholder="contact-1" size="12" value=${contact} onInput=${(e: Event) => setContact((e.target as HTMLInputElement).value)} /></label>
    <label class="grow">Text <input name="text" type="search" placeholder="anything in the signal, its reason or ids" value=${text}
      onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} /></label>
    <button type="button" onClick=${() => setFilters({ status: '', type: '', contact: '', text: '' })}>Clear filters</button>
  </form>`;
}

function Row({ s, selected, onSelect }: { s: Signal; selected: boolean; onSelect: () => void }) {
  return html`<tr class=${selected ? 'selected' : ''} tabIndex="0" onClick=${onSelect} onKeyDown=${(e: KeyboardEvent) => e.key === 'Enter' && onSelect()}>
    <td class="time" title=${utcTitle(s.receivedAt)}>${localTime(s.receivedAt)}</td>
    <td>${s.signalType}</td>
    <td class="status-cell">
      <span class=${`status ${s.status}`}>${s.status}</span>${s.reasonCode === null ? null : html` <code class="reason-code">${s.reasonCode}</code>`}
      ${s.reason === null ? null : html`<div class="reason" title=${s.reason}>${s.reason}</div>`}
    </td>
    <td class="nowrap">${s.contactId ?? '—'}</td>
    <td class="session">${s.sessionId ?? '—'}</td>
    <td>${s.test ? 'test' : ''}</td>
    <td class="num">#${s.mutation}</td>
  </tr>`;
}

export function SignalsView({ api, version, live, filters, setFilters }: Props) {
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Signal | null>(null);
  useEffect(() => setOffset(0), [filters]);
  // Older pages hold still while signals arrive; the newest page follows them.
  const { data: page, error } = useRefreshed(() => api.signals(filters, offset, PAGE_SIZE), [api, filters, offset], version, offset > 0);
  const rows = page?.signals ?? [];
  const newer = live !== null && page !== null && offset > 0 && live.total > page.total ? live.total - page.total : 0;
  return html`<section class="signals-view">
    <${Counts} live=${live} filters=${filters} setFilters=${setFilters} />
    <${Filters} live=${live} filters=${filters} setFilters=${setFilters} />
    ${error === null ? null : html`<p class="error" role="alert">${error}</p>`}
    <div class="pager">
      <span class="shown">${page === null ? 'Loading…' : page.matched === 0 ? 'No signals match.' : `Signals ${count(offset + 1)}–${count(offset + rows.length)} of ${count(page.matched)}${page.matched === page.total ? '' : ` matching (${count(page.total)} kept)`}, newest first`}</span>
      ${newer > 0 ? html`<span class="newer">${count(newer)} newer signals</span>` : null}
      <button disabled=${offset === 0} onClick=${() => setOffset(0)}>Newest</button>
      <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE_SIZE))}>‹ Newer</button>
      <button disabled=${page === null || offset + PAGE_SIZE >= page.matched} onClick=${() => setOffset(offset + PAGE_SIZE)}>Older ›</button>
    </div>
    <div class=${selected === null ? 'split' : 'split with-details'}>
      <div class="table-wrap"><table class="signals">
        <thead><tr><th>Received</th><th>Type</th><th>Status</th><th>Contact</th><th title="As registered: Connect appends the time it first saw the session">Session</th><th>Test</th><th>Mutation</th></tr></thead>
        <tbody>${rows.map((s, i) => html`<${Row} key=${rowKey(s, i)} s=${s} selected=${selected !== null && rowKey(selected, 0) === rowKey(s, 0)} onSelect=${() => setSelected(s)} />`)}</tbody>
      </table></div>
      ${selected === null ? null : html`<${SignalDetails} s=${selected} onClose=${() => setSelected(null)} />`}
    </div>
  </section>`;
}
