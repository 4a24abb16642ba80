import type { Organization } from '../../../program/program.model.js';
import { organizationKinds } from '../../../program/program.table.js';
import { html } from '../../../html.js';
import type { PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { csrfField, dateOnly, labelled } from './parts.js';

/** The kinds offered as suggestions: a program may type its own (the API takes any short text). */
const kindList = html`<datalist id="org-kinds">${organizationKinds.map((k) => html`<option value="${k}"></option>`)}</datalist>`;

export function organizationsPage(ctx: PageContext, orgs: (Organization & { people: number })[], kept: Record<string, string>): string {
  return programLayout(
    ctx,
    '/program/organizations',
    'Organizations',
    html`<h1>Organizations</h1>
${kindList}
${
  orgs.length === 0
    ? html`<p class="card">No organization yet: create the program's first one below.</p>`
    : html`<table class="queue program">
  <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">People</th><th scope="col">Created</th><th scope="col"><span class="muted">Edit</span></th></tr></thead>
  <tbody>
  ${orgs.map(
    (o) => html`<tr>
    <td class="title">${o.name}</td>
    <td data-label="Kind">${o.kind}</td>
    <td data-label="People"><a href="/program/people?organizationId=${o.id}">${o.people}</a></td>
    <td data-label="Created">${dateOnly(o.createdAt)}</td>
    <td><details class="inline-edit"><summary>Rename<span class="visually-hidden"> ${o.name}</span></summary>
      <form method="post" action="/program/organizations/${o.id}">
        ${csrfField(ctx)}
        ${labelled(`org-${o.id}-name`, 'Name', html`<input type="text" id="org-${o.id}-name" name="name" required maxlength="200" value="${o.name}">`)}
        ${labelled(`org-${o.id}-kind`, 'Kind', html`<input type="text" id="org-${o.id}-kind" name="kind" list="org-kinds" required maxlength="50" value="${o.kind}">`)}
        <div class="actions"><button class="primary" type="submit">Save</button></div>
      </form>
    </details></td>
  </tr>`,
  )}
  </tbody>
</table>`
}
<section class="card" aria-labelledby="new-org-h">
  <h2 id="new-org-h">New organization</h2>
  <form method="post" action="/program/organizations" class="grid-form">
    ${csrfField(ctx)}
    ${labelled('new-org-name', 'Name', html`<input type="text" id="new-org-name" name="name" required maxlength="200" value="${kept.name ?? ''}">`)}
    ${labelled('new-org-kind', 'Kind', html`<input type="text" id="new-org-kind" name="kind" list="org-kinds" required maxlength="50" value="${kept.kind ?? ''}" aria-describedby="new-org-kind-hint">`, `For example ${organizationKinds.join(', ')}.`)}
    <div class="actions"><button class="primary" type="submit">Create organization</button></div>
  </form>
</section>`,
  );
}
