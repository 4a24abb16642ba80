import type { RejectTemplate } from '../../review/template.service.js';
import { html } from '../../html.js';
import { layout, when, type PageContext } from './layout.js';

export interface DecisionsView {
  actor: string;
  deciders: string[];
  decisions: { messageId: number; type: string; at: string; subject: string; status: string; detail: Record<string, unknown> | null }[];
}

/** Every decision one reviewer made, newest first. */
export function decisionsPage(ctx: PageContext, v: DecisionsView): string {
  return layout(
    ctx,
    'Decisions',
    html`<h1>Decisions by ${v.actor}</h1>
<form class="card filters" method="get" action="/review/decisions">
  <div>
    <label for="reviewer">Reviewer</label>
    <select id="reviewer" name="reviewer">
      ${[...new Set([v.actor, ...v.deciders])].map((d) => html`<option value="${d}" ${d === v.actor ? html`selected` : ''}>${d}</option>`)}
    </select>
  </div>
  <div><button type="submit">Show</button></div>
</form>
${
  v.decisions.length === 0
    ? html`<p class="card">No decisions yet.</p>`
    : html`<table class="queue">
  <thead><tr><th scope="col">When</th><th scope="col">Decision</th><th scope="col">Message</th><th scope="col">Now</th></tr></thead>
  <tbody>${v.decisions.map(
    (d) => html`<tr>
    <td data-label="When">${when(d.at)}</td>
    <td data-label="Decision">${d.type}${typeof d.detail?.reason === 'string' ? html` <span class="muted">(${d.detail.reason})</span>` : ''}</td>
    <td><a href="/review/messages/${d.messageId}">${d.subject || '(no subject)'}</a></td>
    <td data-label="Now">${d.status}</td>
  </tr>`,
  )}</tbody>
</table>`
}`,
  );
}

/** Rejection reasons, for admins to edit. */
export function templatesPage(ctx: PageContext, templates: RejectTemplate[]): string {
  const form = (t: RejectTemplate | null) => html`<form method="post" action="/review/templates" class="card">
    <input type="hidden" name="_csrf" value="${ctx.csrf}">
    ${t ? html`<input type="hidden" name="id" value="${t.id}">` : ''}
    <label for="title-${t?.id ?? 'new'}">Title</label>
    <input id="title-${t?.id ?? 'new'}" name="title" type="text" required maxlength="100" value="${t?.title ?? ''}">
    <label for="text-${t?.id ?? 'new'}">Reason sent to the participant</label>
    <textarea id="text-${t?.id ?? 'new'}" name="text" required maxlength="2000">${t?.text ?? ''}</textarea>
    <div class="actions"><button class="primary" type="submit">${t ? 'Save' : 'Add reason'}</button>
    ${t ? html`<button type="submit" formaction="/review/templates/${t.id}/delete">Delete</button>` : ''}</div>
  </form>`;
  return layout(ctx, 'Rejection reasons', html`<h1>Rejection reasons</h1>${templates.map((t) => form(t))}<h2>New reason</h2>${form(null)}`);
}
