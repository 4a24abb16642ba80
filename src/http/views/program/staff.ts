import { MIN_PASSWORD_LENGTH, type StaffAccount } from '../../../staff/staff.service.js';
import { staffRoles } from '../../../staff/staff.table.js';
import { html } from '../../../html.js';
import type { PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { csrfField, dateOnly, labelled, selectedIf } from './parts.js';

/** Staff accounts: every role sees the list; only an admin gets the forms. */
export function staffPage(ctx: PageContext, v: { accounts: StaffAccount[]; viewerId: number; kept: Record<string, string> }): string {
  const admin = ctx.viewer?.role === 'admin';
  return programLayout(
    ctx,
    '/program/staff',
    'Staff',
    html`<h1>Staff accounts</h1>
${admin ? '' : html`<p class="muted">Only an admin can create accounts, change a role or disable an account.</p>`}
<table class="queue program">
  <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Created</th>${admin ? html`<th scope="col"><span class="muted">Actions</span></th>` : ''}</tr></thead>
  <tbody>
  ${v.accounts.map((a) => {
    const self = a.id === v.viewerId;
    return html`<tr${a.disabledAt ? html` class="disabled"` : ''}>
    <td data-label="Name">${a.name}${self ? html` <span class="muted">(you)</span>` : ''}</td>
    <td data-label="Email" class="address">${a.email}</td>
    <td data-label="Role">${a.role}${a.disabledAt ? html` <span class="badge">disabled</span>` : ''}</td>
    <td data-label="Created">${dateOnly(a.createdAt)}</td>
    ${
      admin
        ? html`<td class="row-actions">${
            self
              ? html`<span class="muted">ask another admin to change your account</span>`
              : a.disabledAt
                ? html`<form method="post" action="/program/staff/${a.id}/enable" class="inline">${csrfField(ctx)}<button type="submit" aria-label="Enable ${a.name}">Enable</button></form>`
                : html`<form method="post" action="/program/staff/${a.id}/role" class="inline role-form">${csrfField(ctx)}<label class="visually-hidden" for="role-${a.id}">Role of ${a.name}</label><select id="role-${a.id}" name="role">${staffRoles.map((r) => html`<option value="${r}"${selectedIf(r === a.role)}>${r}</option>`)}</select><button type="submit" aria-label="Change the role of ${a.name}">Change role</button></form>
      <form method="post" action="/program/staff/${a.id}/disable" class="inline">${csrfField(ctx)}<button type="submit" class="danger" aria-label="Disable ${a.name}">Disable</button></form>`
          }</td>`
        : ''
    }
  </tr>`;
  })}
  </tbody>
</table>
${
  admin
    ? html`<section class="card" aria-labelledby="new-staff-h">
  <h2 id="new-staff-h">New staff account</h2>
  <p class="muted">Give the person their password yourself (not by email); they log in at /login with it.</p>
  <form method="post" action="/program/staff" class="grid-form">
    ${csrfField(ctx)}
    ${labelled('new-staff-name', 'Name', html`<input type="text" id="new-staff-name" name="name" required maxlength="200" autocomplete="off" value="${v.kept.name ?? ''}">`)}
    ${labelled('new-staff-email', 'Email', html`<input type="email" id="new-staff-email" name="email" required maxlength="320" autocomplete="off" value="${v.kept.email ?? ''}">`)}
    ${labelled('new-staff-role', 'Role', html`<select id="new-staff-role" name="role">${staffRoles.map((r) => html`<option value="${r}"${selectedIf(r === (v.kept.role ?? 'reviewer'))}>${r}</option>`)}</select>`)}
    ${labelled('new-staff-password', 'Password', html`<input type="password" id="new-staff-password" name="password" required minlength="${MIN_PASSWORD_LENGTH}" maxlength="1000" autocomplete="new-password" aria-describedby="new-staff-password-hint">`, `At least ${MIN_PASSWORD_LENGTH} characters.`)}
    <div class="actions"><button class="primary" type="submit">Create account</button></div>
  </form>
</section>`
    : ''
}`,
  );
}
