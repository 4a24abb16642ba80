import type { MessageSummary } from '../../messages/message.service.js';
import type { Flag } from '../../screening/types.js';
import { flagTypes } from '../../screening/types.js';
import { html } from '../../html.js';
import { age, layout, type PageContext } from './layout.js';

export interface QueueView {
  items: MessageSummary[];
  nextCursor: string | null;
  waiting: number;
  oldestReceivedAt: string | null;
  pairs: { id: number; mentorName: string; protegeName: string }[];
  filter: { pairId?: number; flag?: string };
}


const arrow = (m: MessageSummary) => (m.direction === 'mentor_to_protege' ? 'mentor → protégé' : 'protégé → mentor');

const rank = { info: 0, review: 1, urgent: 2 } as const;

/** One badge per flag type, at the type's highest severity, the most severe first. */
export function flagBadges(flags: Flag[]) {
  if (flags.length === 0) return html`<span class="muted">none</span>`;
  const top = new Map<string, Flag['severity']>();
  for (const f of flags) if (!top.has(f.type) || rank[f.severity] > rank[top.get(f.type)!]) top.set(f.type, f.severity);
  return [...top]
    .sort((a, b) => rank[b[1]] - rank[a[1]])
    .map(([type, severity]) => html`<span class="badge ${severity}" title="${severity}">${severity === 'urgent' ? '⚠ ' : ''}${type}</span> `);
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
  <div><strong>${v.oldestReceivedAt ? age(v.oldestReceivedAt, ctx.now) : '–'}</strong> oldest wait</div>
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
      <td><input type="checkbox" name="ids" value="${m.id}" id="select-${m.id}" aria-label="Select message ${m.id}: ${m.subject || '(no subject)'}"${!m.screenedAt && ctx.screening ? html` disabled title="Still being screened: it can be approved once screening has read it"` : ''}></td>
      <td data-label="Waiting">${age(m.receivedAt, ctx.now)}</td>
      <td data-label="Pair">${m.sender.name} → ${m.recipient.name}<br><span class="muted">${arrow(m)}</span></td>
      <td><a class="open subject" href="/review/messages/${m.id}">${m.subject || '(no subject)'}</a></td>
      <td data-label="Flags">${m.screenedAt ? flagBadges(m.flags) : html`<span class="muted">${ctx.screening ? 'screening…' : 'not screened'}</span>`}</td>
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
