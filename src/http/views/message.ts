import type { MessageDetail } from '../../messages/message.service.js';
import type { ReviewedMessage } from '../../messages/reviewed.js';
import type { RejectTemplate } from '../../review/template.service.js';
import { html } from '../../html.js';
import type { PairStatus } from '../../program/program.table.js';
import { approvalRefusal } from '../../review/state.js';
import { approveConfirmation, notApprovable } from './decision.js';
import { flagBadges } from './queue.js';
import { senderSection } from './sender.js';
import { age, layout, when, type PageContext } from './layout.js';
import { attachmentsSection, groupedFlags, htmlSection, marked } from './parts.js';

export interface MessageView {
  message: MessageDetail;
  /** The parts the forwarded copy is built from: the page shows exactly these. */
  reviewed: ReviewedMessage;
  templates: RejectTemplate[];
  nextId: number | null;
  pairStatus?: PairStatus;
}

const eventLabel: Record<string, string> = {
  received: 'Received',
  flagged: 'Flagged',
  alerted: 'Safeguarding contact alerted',
  alert_failed: 'Alert failed',
  edited: 'Edited',
  approved: 'Approved',
  rejected: 'Rejected',
  queued: 'Queued for delivery',
  attempt: 'Delivery attempt failed',
  delivered: 'Delivered',
  failed: 'Delivery failed',
  withdrawn: 'Withdrawn, not delivered',
  notified: 'Sender notified',
  notice_failed: 'Sender notice failed',
};

function eventDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  const parts: string[] = [];
  if (typeof detail.reason === 'string') parts.push(`reason: ${detail.reason}`);
  if (typeof detail.note === 'string') parts.push(`note: ${detail.note}`);
  if (typeof detail.error === 'string') parts.push(detail.error);
  if (typeof detail.to === 'string') parts.push(`to ${detail.to}`);
  return parts.join(' · ');
}

export function messagePage(ctx: PageContext, v: MessageView): string {
  const m = v.message;
  const subject = m.subject || '(no subject)';
  const held = m.status === 'held';
  const pairStatus = v.pairStatus ?? 'active';
  const refusal = approvalRefusal({ id: m.id, screened: m.screenedAt !== null, pairStatus }, ctx.screening !== false);
  const confirm = approveConfirmation(m.flags);
  return layout(
    ctx,
    subject,
    html`<p><a href="/review">← Queue</a>${v.nextId ? html` · <a id="next-link" href="/review/messages/${v.nextId}">Next held message</a>` : ''}</p>
<h1>${m.subject ? marked(m.subject, m.flags.filter((f) => f.field === 'subject')) : subject}</h1>
<section class="card" aria-label="About this message">
  <dl class="meta">
    <dt>From</dt><dd>${m.sender.name} &lt;${m.sender.address}&gt; <span class="muted">(${m.direction === 'mentor_to_protege' ? 'mentor' : 'protégé'})</span></dd>
    <dt>To</dt><dd>${m.recipient.name} &lt;${m.recipient.address}&gt;</dd>
    <dt>Pair</dt><dd>${m.alias}</dd>
    <dt>Received</dt><dd>${when(m.receivedAt)} (${age(m.receivedAt, ctx.now)} ago)</dd>
    <dt>Status</dt><dd data-testid="status">${m.status}${
      m.decidedBy ? html` by ${m.decidedBy}${m.decidedAt ? html` at ${when(m.decidedAt)}` : ''}` : ''
    }${m.reason ? html` — reason: ${m.reason}` : ''}</dd>
    <dt>Flags</dt><dd>${
      m.screenedAt
        ? flagBadges(m.flags)
        : ctx.screening
          ? html`<span class="badge review">screening…</span> <a href="/review/messages/${m.id}">reload</a>`
          : html`<span class="muted">screening is turned off</span>`
    }</dd>
  </dl>
</section>
<div class="text-and-flags">
<section class="card" aria-label="Text">
  <h2>Text</h2>
  ${
    v.reviewed.text === null && m.text
      ? html`<p class="muted">This message has no plain-text version: this is the text of its HTML version, which is what will be forwarded.</p><pre class="body" data-testid="text-body">${m.text}</pre>`
      : m.text
        ? html`<pre class="body" data-testid="text-body">${marked(m.text, m.flags.filter((f) => f.field === undefined || f.field === 'body'))}</pre>`
        : html`<p class="muted">This message has no text.</p>`
  }
</section>
${
  m.flags.length
    ? html`<section class="card flag-list" aria-label="Flags">
  <h2>What screening found</h2>
  ${groupedFlags(m.flags)}
</section>`
    : ''
}
</div>
${htmlSection(v.reviewed, m.flags)}
${attachmentsSection(m.id, v.reviewed, m.flags, m.size)}
${senderSection(m)}
${
  held
    ? html`<section class="card" aria-label="Decision">
  <h2>Decision</h2>
  <p class="kbd-help muted">Keys: <kbd>a</kbd> approve, <kbd>r</kbd> reason, <kbd>e</kbd> edit, <kbd>n</kbd> next</p>
  <div class="decide">
    ${refusal ? notApprovable(m.id, refusal, pairStatus) : html`<form id="approve-form" method="post" action="/review/messages/${m.id}/approve"${confirm ? html` data-confirm="${confirm}"` : ''}>
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <label for="note">Note (optional)</label>
      <input id="note" name="note" type="text" maxlength="2000">
      <div class="actions"><button class="approve" type="submit">Approve</button></div>
    </form>`}
    <form method="post" action="/review/messages/${m.id}/reject">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <label for="template">Reason template</label>
      <select id="template" name="template">
        <option value="">Write my own…</option>
        ${v.templates.map((t) => html`<option value="${t.id}" data-text="${t.text}">${t.title}</option>`)}
      </select>
      <label for="reason">Reason</label>
      <textarea id="reason" name="reason" maxlength="2000" required aria-describedby="reason-help"></textarea>
      <p id="reason-help" class="muted">The sender receives this reason.</p>
      <div class="actions"><button class="reject" type="submit">Reject</button></div>
    </form>
  </div>
  ${refusal ? '' : html`<details>
    <summary>Approve with edits</summary>
    <form method="post" action="/review/messages/${m.id}/approve-edited">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <label for="edited-text">Text to forward</label>
      <textarea id="edited-text" name="text" rows="10" required>${m.text ?? ''}</textarea>
      <p class="muted">The edited text is forwarded instead of the original (attachments are kept, the HTML version is dropped). The original stays in the archive.</p>
      <label for="edit-note">Note (optional)</label>
      <input id="edit-note" name="note" type="text" maxlength="2000">
      <div class="actions"><button class="approve" type="submit">Approve edited version</button></div>
    </form>
  </details>`}
</section>`
    : ''
}
<section class="card" aria-label="History">
  <h2>History</h2>
  <ol class="events">
    ${m.events.map((e) => html`<li>${when(e.at)} — <strong>${eventLabel[e.type] ?? e.type}</strong> by ${e.actor}${eventDetail(e.detail) ? html` <span class="muted">(${eventDetail(e.detail)})</span>` : ''}</li>`)}
  </ol>
</section>`,
  );
}
