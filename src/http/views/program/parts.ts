import type { PairStatus, PersonRole } from '../../../program/program.table.js';
import { html, type Html } from '../../../html.js';
import type { PageContext } from '../layout.js';

export const roleLabels: Record<PersonRole, string> = { mentor: 'mentor', protege: 'protégé', parent: 'parent', staff: 'staff' };

export const csrfField = (ctx: PageContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;

export const statusBadge = (status: PairStatus) => html`<span class="badge status-${status}">${status}</span>`;

/** A form field with its label above it; `id` ties them together. */
export const labelled = (id: string, label: string, control: Html, hint?: string) =>
  html`<div class="field"><label for="${id}">${label}</label>${control}${hint ? html`<p class="hint muted" id="${id}-hint">${hint}</p>` : ''}</div>`;

/** `selected` when an option is the chosen value. */
export const selectedIf = (cond: boolean) => (cond ? html` selected` : '');

export const dateOnly = (iso: string) => html`<time datetime="${iso}">${iso.slice(0, 10)}</time>`;
