import type { MessageDetail } from '../../messages/message.service.js';
import type { RejectTemplate } from '../../review/template.service.js';
import type { Flag } from '../../screening/types.js';
import type { PairStatus } from '../../program/program.table.js';
import { approvalRefusal } from '../../review/state.js';
import { approveConfirmation, notApprovable } from './decision.js';
import { html, type Html } from './html.js';
import { flagBadges } from './queue.js';
import { age, layout, when, type PageContext } from './layout.js';

export interface MessageView {
  message: MessageDetail;
  /** Sanitized HTML body and how many remote images it hides; null when the message has no HTML. */
  htmlBody: { html: string; blockedImages: number } | null;
  remoteImages: boolean;
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

/** The text with every body span of every flag marked (escaped like everything else). */
function marked(text: string, flags: Flag[]): Html[] {
  const rank = { info: 0, review: 1, urgent: 2 };
  const spans = flags
    .filter((f) => f.field !== 'subject')
    .flatMap((f) => f.spans.map((s) => ({ ...s, severity: f.severity, label: f.detail ?? f.type })))
    .filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start || rank[b.severity] - rank[a.severity]);
  const out: Html[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // overlapping: the first (most severe at that place) wins
    out.push(html`${text.slice(at, s.start)}`, html`<mark class="${s.severity}" title="${s.label}">${text.slice(s.start, s.end)}</mark>`);
    at = s.end;
  }
  out.push(html`${text.slice(at)}`);
  return out;
}

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
<h1>${subject}</h1>
<section class="card" aria-label="About this message">
  <dl class="meta">
    <dt>From</dt><dd>${m.sender.name} &lt;${m.sender.address}&gt; <span class="muted">(${m.direction === 'mentor_to_protege' ? 'mentor' : 'protégé'})</span></dd>
    <dt>To</dt><dd>${m.recipient.name} &lt;${m.recipient.address}&gt;</dd>
    <dt>Pair</dt><dd>${m.alias}</dd>
    <dt>Received</dt><dd>${when(m.receivedAt)} (${age(m.receivedAt)} ago)</dd>
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
${
  m.flags.length
    ? html`<section class="card" aria-label="Flags">
  <h2>What screening found</h2>
  <ul class="flags">
    ${m.flags.map(
      (f) => html`<li><span class="badge ${f.severity}">${f.severity}</span> <strong>${f.type}</strong>${f.detail ? html` — ${f.detail}` : ''}${f.field === 'subject' ? ' (in the subject)' : ''}<br><span class="muted">${f.excerpt}</span></li>`,
    )}
  </ul>
</section>`
    : ''
}
<section class="card" aria-label="Text">
  <h2>Text</h2>
  ${m.text ? html`<pre class="body" data-testid="text-body">${marked(m.text, m.flags)}</pre>` : html`<p class="muted">This message has no plain-text version.</p>`}
</section>
${
  v.htmlBody
    ? html`<section class="card" aria-label="HTML version">
  <h2>HTML version</h2>
  ${
    v.htmlBody.blockedImages > 0
      ? html`<p class="muted">${v.htmlBody.blockedImages} remote image${v.htmlBody.blockedImages > 1 ? 's' : ''} hidden (they can tell the sender the message was read). <a href="/review/messages/${m.id}?images=1">Show remote images</a></p>`
      : v.remoteImages
        ? html`<p class="muted">Remote images are shown. <a href="/review/messages/${m.id}">Hide them</a></p>`
        : ''
  }
  <iframe class="html-body" title="HTML version of the message" sandbox="" referrerpolicy="no-referrer" srcdoc="${v.htmlBody.html}"></iframe>
</section>`
    : ''
}
<section class="card" aria-label="Attachments">
  <h2>Attachments</h2>
  ${
    m.attachments.length === 0
      ? html`<p class="muted">None.</p>`
      : html`<ul>${m.attachments.map(
          (a, i) => html`<li><a href="/review/messages/${m.id}/attachments/${i}">${a.filename ?? `attachment ${i + 1}`}</a> <span class="muted">${a.contentType}, ${a.size.toLocaleString('en')} bytes</span></li>`,
        )}</ul>`
  }
  <p><a href="/review/messages/${m.id}/raw">Raw message</a> <span class="muted">(exactly as received, ${m.size.toLocaleString('en')} bytes)</span></p>
</section>
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
