/**
 * One signal in full: its id, status and the rule that applied, every issue
 * (path and message), and the signal itself as formatted JSON, as sent.
 */
import { html } from 'htm/preact';
import { localTime, ruleApplied, utcTitle } from './format.js';
import type { Signal } from './wire.js';

const json = (value: unknown) => JSON.stringify(value, null, 2) ?? String(value);

export function SignalDetails({ s, onClose }: { s: Signal; onClose: () => void }) {
  const changed = s.received !== undefined;
  return html`<aside class="details" aria-label="Signal details">
    <header><h2>${s.signalType} signal</h2><button onClick=${onClose} aria-label="Close details">Close</button></header>
    <dl>
      <dt>Id</dt><dd><code>${s.signalId ?? 'none: discarded at the mutation'}</code></dd>
      <dt>Status</dt><dd><span class=${`status ${s.status}`}>${s.status}</span>${s.reasonCode === null ? null : html` <code>${s.reasonCode}</code>`}</dd>
      ${s.reason === null ? null : html`<dt>Reason</dt><dd class="reason-full">${s.reason}</dd>`}
      <dt>Rule applied</dt><dd class="rule">${ruleApplied(s)}</dd>
      <dt>Contact</dt><dd>${s.contactId ?? '—'}</dd>
      <dt>Session</dt><dd>${s.sessionId ?? '—'}</dd>
      <dt>Received</dt><dd title=${utcTitle(s.receivedAt)}>${localTime(s.receivedAt)}</dd>
      <dt>Mutation</dt><dd>#${s.mutation}${s.test ? ' · test signal' : ''}</dd>
    </dl>
    <h3>Issues (${s.issues.length})</h3>
    ${s.issues.length === 0 ? html`<p class="muted">None.</p>` : html`<table class="issues">
      <thead><tr><th>Path</th><th>Message</th></tr></thead>
      <tbody>${s.issues.map((i, n) => html`<tr key=${n}><td><code>${i.path === '' ? '(the signal)' : i.path}</code></td><td>${i.message}</td></tr>`)}</tbody>
    </table>`}
    <h3>Signal as sent</h3>
    <pre class="json">${json(changed ? s.received : s.signal)}</pre>
    ${changed ? html`<h3>As processed (without the dropped fields)</h3><pre class="json">${json(s.signal)}</pre>` : null}
  </aside>`;
}
