import type { Organization, Person } from '../../../program/program.model.js';
import type { ProgramEventView, Responsibility, SheetState } from '../../../program/responsibility.service.js';
import { html, type Html } from '../../../html.js';
import { when, type PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { plural } from '../../../words.js';

export interface ResponsibilitiesView {
  items: Responsibility[];
  organizations: Organization[];
  /** The people a task can be given to (staff of an organization), and anyone already responsible. */
  people: Person[];
  history: ProgramEventView[];
  sheet: SheetState;
  /** The task the flash is about: it is repeated there, where the coordinator is looking. */
  flashTask?: number | null;
}


type Who = { organizationName?: string | null; personName?: string | null };

const whoText = (w: Who | undefined) => (!w?.organizationName ? 'unassigned' : w.personName ? `${w.organizationName}, ${w.personName}` : `${w.organizationName} (person not chosen)`);

/** One history line's change, before → after. */
function change(e: ProgramEventView): string {
  const d = e.detail as { before?: Record<string, unknown>; after?: Record<string, unknown> };
  switch (e.type) {
    case 'assigned':
    case 'unassigned':
      return `${whoText(d.before as Who)} → ${whoText(d.after as Who)}`;
    case 'renamed':
      return `“${String(d.before?.task)}” → “${String(d.after?.task)}”`;
    case 'retired':
      return 'in use → retired';
    case 'restored':
      return 'retired → in use';
    case 'created':
      return 'added to the list';
    default:
      return e.type;
  }
}

/** " (3 delivered, 1 failed)"; nothing while every mail still waits in the queue. */
function deliveries(last: NonNullable<SheetState['lastSend']>): string {
  const parts = [last.delivered ? `${last.delivered} delivered` : '', last.failed ? `${last.failed} failed` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function sheetState(ctx: PageContext, s: SheetState): Html {
  const last = s.lastSend;
  return html`<section class="card" aria-labelledby="sheet-title">
  <h2 id="sheet-title">The written sheet</h2>
  <p id="sheet-state">${
    last
      ? html`Last sent ${when(last.sentAt)} to ${plural(last.recipients.length, 'organizer')} by ${last.actor}${deliveries(last)}; ${
          s.changedSince ? html`<strong>the matrix changed since</strong>.` : 'the matrix is unchanged since.'
        }`
      : html`<strong>Never sent.</strong>`
  }</p>
  ${
    last
      ? html`<details><summary>To whom</summary><ul>${last.recipients.map((r) => html`<li>${r.name} &lt;${r.email}&gt;</li>`)}</ul></details>`
      : ''
  }
  <div class="actions">
    <form method="post" action="/program/responsibilities/send">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <button class="primary" type="submit">Send to organizers</button>
    </form>
    <a href="/program/responsibilities/sheet">Print view</a>
    <a href="/program/responsibilities/sheet?format=csv">Download CSV</a>
  </div>
</section>`;
}

function assignForm(ctx: PageContext, r: Responsibility, v: ResponsibilitiesView): Html {
  const byOrg = v.organizations.map((o) => ({ o, people: v.people.filter((p) => p.organizationId === o.id) }));
  return html`<form method="post" action="/program/responsibilities/${r.id}/assign" class="assign" data-assign>
    <input type="hidden" name="_csrf" value="${ctx.csrf}">
    <div>
      <label for="org-${r.id}">Organization</label>
      <select id="org-${r.id}" name="organizationId" data-org-select${v.flashTask === r.id && r.personId === null ? html` data-autofocus` : ''}>
        <option value="">— none (unassigned) —</option>
        ${v.organizations.map((o) => html`<option value="${o.id}"${o.id === r.organizationId ? html` selected` : ''}>${o.name}</option>`)}
      </select>
    </div>
    <div>
      <label for="person-${r.id}">Person</label>
      <select id="person-${r.id}" name="personId" data-person-select>
        <option value="">— not chosen —</option>
        ${byOrg
          .filter((g) => g.people.length > 0)
          .map(
            (g) => html`<optgroup label="${g.o.name}" data-org="${g.o.id}">${g.people.map(
              (p) => html`<option value="${p.id}"${p.id === r.personId ? html` selected` : ''}>${p.name}${p.email ? ` (${p.email})` : ''}</option>`,
            )}</optgroup>`,
          )}
      </select>
    </div>
    <div><button type="submit">Save</button></div>
  </form>`;
}

function editForms(ctx: PageContext, r: Responsibility): Html {
  return html`<details class="edit-task">
    <summary>Rename or retire</summary>
    <form method="post" action="/program/responsibilities/${r.id}/rename">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <label for="task-text-${r.id}">Task</label>
      <input id="task-text-${r.id}" name="task" type="text" value="${r.task}" required maxlength="500">
      <div class="actions"><button type="submit">Rename</button></div>
    </form>
    <form method="post" action="/program/responsibilities/${r.id}/retire">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <input type="hidden" name="retired" value="1">
      <div class="actions"><button type="submit">Retire this task</button> <span class="muted">It leaves the sheet; its history stays.</span></div>
    </form>
  </details>`;
}

function taskRow(ctx: PageContext, r: Responsibility, v: ResponsibilitiesView): Html {
  return html`<li class="task-row" id="task-${r.id}" data-task="${r.id}">
  <p class="task-text"><span class="muted">${r.position}.</span> ${r.task}</p>
  <p class="task-who">${
    r.organizationName
      ? html`<span class="badge assigned">${r.organizationName}</span> ${r.personName ? html`${r.personName}${r.personEmail ? html` <span class="muted">${r.personEmail}</span>` : ''}` : html`<em>person not chosen yet</em>`}`
      : html`<span class="badge unassigned">unassigned</span>`
  }</p>
  ${ctx.flash && v.flashTask === r.id ? html`<p class="flash ${ctx.flash.kind}" aria-hidden="true">${ctx.flash.text}</p>` : ''}
  ${assignForm(ctx, r, v)}
  ${editForms(ctx, r)}
</li>`;
}

/** /program/responsibilities: unassigned tasks first, each with an inline assign form; the sheet's state; the history. */
export function responsibilitiesPage(ctx: PageContext, v: ResponsibilitiesView): string {
  const live = v.items.filter((r) => !r.retired);
  // ONE person per task: a task with an organization but no person yet is still to be done.
  const unassigned = live.filter((r) => r.personId === null);
  const assigned = live.filter((r) => r.personId !== null);
  const retired = v.items.filter((r) => r.retired);
  const taskName = new Map(v.items.map((r) => [r.id, r.task]));
  return programLayout(
    ctx,
    '/program/responsibilities',
    'Responsibilities',
    html`<h1>Responsibilities</h1>
<p>For each task, ONE organization and ONE person of it are responsible. ${
      unassigned.length === 0 ? html`<strong id="unassigned-count">Every task has one person responsible.</strong>` : html`<strong id="unassigned-count">${plural(unassigned.length, 'task')} unassigned</strong> of ${live.length}.`
    }</p>
${sheetState(ctx, v.sheet)}
${v.organizations.length === 0 ? html`<p class="not-approvable">There is no organization yet: add the program's organizations and their staff first (<a href="/program/organizations">Organizations</a>).</p>` : ''}
<section aria-labelledby="unassigned-title">
  <h2 id="unassigned-title">Without a person responsible (${unassigned.length})</h2>
  ${unassigned.length ? html`<ol class="tasks" id="unassigned-tasks">${unassigned.map((r) => taskRow(ctx, r, v))}</ol>` : html`<p class="muted">Every task has one organization and one person responsible.</p>`}
</section>
<section aria-labelledby="assigned-title">
  <h2 id="assigned-title">Assigned (${assigned.length})</h2>
  ${assigned.length ? html`<ol class="tasks" id="assigned-tasks">${assigned.map((r) => taskRow(ctx, r, v))}</ol>` : html`<p class="muted">No task is assigned yet.</p>`}
</section>
<section class="card" aria-labelledby="add-title">
  <h2 id="add-title">Add a task</h2>
  <form method="post" action="/program/responsibilities">
    <input type="hidden" name="_csrf" value="${ctx.csrf}">
    <label for="new-task">Task</label>
    <input id="new-task" name="task" type="text" required maxlength="500">
    <div class="actions"><button class="primary" type="submit">Add task</button></div>
  </form>
</section>
${
  retired.length
    ? html`<section aria-labelledby="retired-title">
  <h2 id="retired-title">Retired (${retired.length})</h2>
  <ul class="tasks">${retired.map(
    (r) => html`<li class="task-row" id="task-${r.id}"><p class="task-text">${r.task}</p>
    <form method="post" action="/program/responsibilities/${r.id}/retire"><input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="retired" value="0"><button type="submit">Restore</button></form></li>`,
  )}</ul>
</section>`
    : ''
}
<section aria-labelledby="history-title">
  <h2 id="history-title">History</h2>
  ${
    v.history.length
      ? html`<table class="queue history"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Task</th><th scope="col">Change</th></tr></thead><tbody>${v.history.map(
          (e) => html`<tr><td data-label="When">${when(e.at)}</td><td data-label="Who">${e.actor}</td><td data-label="Task">${String((e.detail as { task?: string }).task ?? taskName.get(e.entityId) ?? `task ${e.entityId}`)}</td><td data-label="Change">${change(e)}</td></tr>`,
        )}</tbody></table>`
      : html`<p class="muted">No change yet.</p>`
  }
</section>`,
  );
}
