/**
 * The contacts view: each contact with its origin, its attributes (e-mail
 * addresses and phone numbers masked as the CLI masks them, unless shown on
 * request) and its activity feed exactly as the emulator computes it.
 */
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Api } from './api.js';
import { attributeText, count, localTime, utcTitle } from './format.js';
import { useRefreshed } from './use-refreshed.js';
import type { Contact } from './wire.js';

const CONTACTS_PER_PAGE = 50;

function Feed({ contact }: { contact: Contact }) {
  if (contact.feed.length === 0) return html`<p class="muted">The activity feed is empty.</p>`;
  return html`<table class="feed">
    <thead><tr><th>Received</th><th>Type</th><th>Session</th><th>Name</th><th>Signal timestamp</th><th>Signal id</th></tr></thead>
    <tbody>${contact.feed.map((f) => html`<tr key=${f.signalId}>
      <td class="time" title=${utcTitle(f.receivedAt)}>${localTime(f.receivedAt)}</td>
      <td>${f.signalType}</td><td class="session">${f.sessionId ?? '—'}</td><td>${f.name ?? ''}</td>
      <td>${f.signalTimestamp ?? ''}</td><td><code>${f.signalId}</code></td>
    </tr>`)}</tbody>
  </table>`;
}

function ContactRow({ contact, reveal, open, toggle, showSignals }: { contact: Contact; reveal: boolean; open: boolean; toggle: () => void; showSignals: () => void }) {
  const attributes = Object.entries(contact.attributes);
  return html`
    <tr class=${open ? 'selected' : ''} data-contact=${contact.contactId}>
      <td><button class="link" aria-expanded=${open} onClick=${toggle}>${open ? '▾' : '▸'} ${contact.contactId}</button></td>
      <td>${contact.origin}</td>
      <td class="attributes">${attributes.map(([name, value]) => html`<span key=${name} class="attribute"><span class="muted">${name}</span> ${attributeText(name, value, reveal)}</span>`)}</td>
      <td class="num">${count(contact.signalCount)}</td>
      <td class="num">${count(contact.feed.length)}</td>
      <td><button class="link" onClick=${showSignals}>signals</button></td>
    </tr>
    ${open ? html`<tr class="feed-row"><td colspan="6"><${Feed} contact=${contact} /></td></tr>` : null}`;
}

export function ContactsView({ api, version, showSignalsOf }: { api: Api; version: number; showSignalsOf: (contactId: string) => void }) {
  const [offset, setOffset] = useState(0);
  const [reveal, setReveal] = useState(false);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const { data, error } = useRefreshed(() => api.contacts(offset, CONTACTS_PER_PAGE), [api, offset], version);
  const toggle = (id: string) => {
    const next = new Set(open);
    if (!next.delete(id)) next.add(id);
    setOpen(next);
  };
  const contacts = data?.contacts ?? [];
  return html`<section class="contacts-view">
    <div class="pager">
      <span class="shown">${data === null ? 'Loading…' : data.total === 0 ? 'No contacts yet: seed some (--contacts) or send a signal with an e-mail address or phone number.' : `Contacts ${count(offset + 1)}–${count(offset + contacts.length)} of ${count(data.total)}`}</span>
      <label class="reveal"><input type="checkbox" checked=${reveal} onChange=${(e: Event) => setReveal((e.target as HTMLInputElement).checked)} /> Show e-mail addresses and phone numbers</label>
      <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - CONTACTS_PER_PAGE))}>‹ Previous</button>
      <button disabled=${data === null || offset + CONTACTS_PER_PAGE >= data.total} onClick=${() => setOffset(offset + CONTACTS_PER_PAGE)}>Next ›</button>
    </div>
    ${error === null ? null : html`<p class="error" role="alert">${error}</p>`}
    <p class="muted">Activity feed as Connect shows it: the 5 most recent signals per session; identification and test signals not shown; at most 1,000 signals of the last 30 days.</p>
    <table class="contacts">
      <thead><tr><th>Contact</th><th>Origin</th><th>Attributes</th><th>Signals</th><th>In feed</th><th></th></tr></thead>
      <tbody>${contacts.map((c) => html`<${ContactRow} key=${c.contactId} contact=${c} reveal=${reveal} open=${open.has(c.contactId)}
        toggle=${() => toggle(c.contactId)} showSignals=${() => showSignalsOf(c.contactId)} />`)}</tbody>
    </table>
  </section>`;
}
