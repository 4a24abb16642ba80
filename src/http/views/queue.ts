import type { MessageSummary } from '../../messages/message.service.js';
import { html } from './html.js';
import { age, layout, type PageContext } from './layout.js';

export interface QueueView {
  items: MessageSummary[];
  nextCursor: string | null;
  waiting: number;
  oldestReceivedAt: string | null;
  pairs: { id: number; mentorName: string; protegeName: string }[];
  filter: { pairId?: number; flag?: string };
}

/** Flag types the screening step produces (issue 4); the filter lists them all. */
export const flagTypes = ['phone', 'email', 'url', 'address', 'handle', 'participant-identity', 'keyword', 'attachment'];

const arrow = (m: MessageSummary) => (m.direction === 'mentor_to_protege' ? 'mentor → protégé' : 'protégé → mentor');

function flagBadges(flags: Record<string, unknown>[]) {
  if (flags.length === 0) return html`<span class="muted">none</span>`;
  return flags.map((f) => html`<span class="badge ${String(f.severity ?? '')}">${String(f.type ?? 'flag')}</span> `);
}

export function queuePage(ctx: PageContext, v: QueueView): string {
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    if (v.filter.pairId) p.set('pairId', String(v.filter.pairId));
    if (v.filter.flag) p.set('flag', v.filter.flag);
    for (const [k, val] of Object.entries(extra)) p.set(k, val);
    return `/review?${p.toString()}`;
  };
  return layout(
    ctx,
    'Queue',
    html`<h1>Messages waiting for review</h1>
<section class="card summary" aria-label="Summary">
  <div><strong data-testid="waiting">${v.waiting}</strong> waiting</div>
  <div><strong>${v.oldestReceivedAt ? age(v.oldestReceivedAt) : '–'}</strong> oldest wait</div>
  <div class="kbd-help muted">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>o</kbd> open, <kbd>x</kbd> select</div>
</section>
<form class="card filters" method="get" action="/review" aria-label="Filter">
  <div>
    <label for="pair">Pair</label>
    <select id="pair" name="pairId">
      <option value="">All pairs</option>
      ${v.pairs.map((p) => html`<option value="${p.id}" ${v.filter.pairId === p.id ? html`selected` : ''}>${p.mentorName} ↔ ${p.protegeName}</option>`)}
    </select>
  </div>
  <div>
    <label for="flag">Flag</label>
    <select id="flag" name="flag">
      <option value="">Any</option>
      ${flagTypes.map((f) => html`<option value="${f}" ${v.filter.flag === f ? html`selected` : ''}>${f}</option>`)}
    </select>
  </div>
  <div><button type="submit">Filter</button></div>
</form>
${
  v.items.length === 0
    ? html`<p class="card">Nothing is waiting${v.filter.pairId || v.filter.flag ? ' with this filter' : ''}. </p>`
    : html`<form method="post" action="/review/approve-selected">
  <input type="hidden" name="_csrf" value="${ctx.csrf}">
  <p class="muted">Oldest first.</p>
  <table class="queue">
    <thead><tr><th scope="col"><span class="muted">Select</span></th><th scope="col">Waiting</th><th scope="col">Pair</th><th scope="col">Subject</th><th scope="col">Flags</th><th scope="col">Attachments</th></tr></thead>
    <tbody>
    ${v.items.map(
      (m) => html`<tr data-href="/review/messages/${m.id}">
      <td><input type="checkbox" name="ids" value="${m.id}" id="select-${m.id}" aria-label="Select message ${m.id}: ${m.subject || '(no subject)'}"></td>
      <td data-label="Waiting">${age(m.receivedAt)}</td>
      <td data-label="Pair">${m.sender.name} → ${m.recipient.name}<br><span class="muted">${arrow(m)}</span></td>
      <td><a class="open subject" href="/review/messages/${m.id}">${m.subject || '(no subject)'}</a></td>
      <td data-label="Flags">${flagBadges(m.flags)}</td>
      <td data-label="Attachments">${m.attachmentCount}</td>
    </tr>`,
    )}
    </tbody>
  </table>
  <div class="actions"><button class="approve" type="submit">Approve selected</button></div>
</form>`
}
${v.nextCursor ? html`<p><a href="${query({ cursor: v.nextCursor })}">Next page</a></p>` : ''}`,
  );
}
