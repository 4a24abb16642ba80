import type { Organization, PairWithNames, Person } from '../../../program/program.model.js';
import { personRoles, type PersonRole } from '../../../program/program.table.js';
import { html } from '../../../html.js';
import type { PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import type { Pipeline } from '../../../program/onboarding.service.js';
import type { Communication } from '../../../program/communication.model.js';
import type { CheckIn } from '../../../program/communication.service.js';
import type { Guardian } from '../../../program/guardian.model.js';
import { communicationsSection, guardianChoice, guardiansSection } from './contacts.js';
import type { OnboardingStep } from '../../../program/onboarding.table.js';
import { missingList, pipelineSection, stepLabels } from './onboarding.js';
import { csrfField, dateOnly, labelled, roleLabels, selectedIf, statusBadge } from './parts.js';

export interface PeopleFilter {
  role?: PersonRole;
  /** `null`: people with no organization. */
  organizationId?: number | null;
  search?: string;
}

const organizationOptions = (orgs: Organization[], chosen: string) =>
  html`<option value="">No organization</option>${orgs.map((o) => html`<option value="${o.id}"${selectedIf(String(o.id) === chosen)}>${o.name}</option>`)}`;

type Standing = { complete: boolean; next: OnboardingStep | null; failed: boolean };

const standingText = (s: Standing | undefined) =>
  !s ? html`<span class="muted">–</span>` : s.complete ? html`<span class="badge step-done">complete</span>` : s.failed ? html`<span class="badge step-failed">${stepLabels[s.next!]} failed</span>` : html`next: ${stepLabels[s.next!].toLowerCase()}`;

export function peoplePage(ctx: PageContext, v: { people: Person[]; organizations: Organization[]; filter: PeopleFilter; kept: Record<string, string>; standings?: Map<number, Standing> }): string {
  const orgName = new Map(v.organizations.map((o) => [o.id, o.name]));
  const f = v.filter;
  const filtered = f.role !== undefined || f.organizationId !== undefined || !!f.search;
  const orgFilter = f.organizationId === null ? 'none' : f.organizationId === undefined ? '' : String(f.organizationId);
  return programLayout(
    ctx,
    '/program/people',
    'People',
    html`<h1>People</h1>
<form class="card filters" method="get" action="/program/people" aria-label="Filter people">
  <div>${labelled('filter-role', 'Role', html`<select id="filter-role" name="role"><option value="">Any role</option>${personRoles.map((r) => html`<option value="${r}"${selectedIf(f.role === r)}>${roleLabels[r]}</option>`)}</select>`)}</div>
  <div>${labelled('filter-org', 'Organization', html`<select id="filter-org" name="organizationId"><option value="">Any organization</option><option value="none"${selectedIf(orgFilter === 'none')}>No organization</option>${v.organizations.map((o) => html`<option value="${o.id}"${selectedIf(orgFilter === String(o.id))}>${o.name}</option>`)}</select>`)}</div>
  <div>${labelled('filter-q', 'Name or email', html`<input type="search" id="filter-q" name="q" value="${f.search ?? ''}">`)}</div>
  <div class="filter-buttons"><button type="submit">Filter</button>${filtered ? html` <a href="/program/people">Clear</a>` : ''}</div>
</form>
${
  v.people.length === 0
    ? html`<p class="card">${filtered ? 'Nobody matches this filter.' : 'Nobody yet: add the first person below, or import a spreadsheet.'}</p>`
    : html`<p class="muted">${v.people.length} ${v.people.length === 1 ? 'person' : 'people'}</p>
<table class="queue program">
  <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Organization</th><th scope="col">Onboarding</th><th scope="col">Addresses</th></tr></thead>
  <tbody>
  ${v.people.map(
    (p) => html`<tr>
    <td class="title"><a href="/program/people/${p.id}">${p.name}</a></td>
    <td data-label="Role">${roleLabels[p.role]}</td>
    <td data-label="Organization">${p.organizationId === null ? html`<span class="muted">none</span>` : orgName.get(p.organizationId)}</td>
    <td data-label="Onboarding" data-testid="standing-${p.id}">${standingText(v.standings?.get(p.id))}</td>
    <td data-label="Addresses" class="addresses">${p.emails.length === 0 ? html`<span class="muted">none</span>` : p.emails.map((e, i) => html`${i > 0 ? html`<br>` : ''}${e}`)}</td>
  </tr>`,
  )}
  </tbody>
</table>`
}
<section class="card" aria-labelledby="new-person-h">
  <h2 id="new-person-h">New person</h2>
  <form method="post" action="/program/people" class="grid-form">
    ${csrfField(ctx)}
    ${labelled('new-person-name', 'Name', html`<input type="text" id="new-person-name" name="name" required maxlength="200" autocomplete="off" value="${v.kept.name ?? ''}">`)}
    ${labelled('new-person-role', 'Role', html`<select id="new-person-role" name="role" required>${personRoles.map((r) => html`<option value="${r}"${selectedIf(v.kept.role === r)}>${roleLabels[r]}</option>`)}</select>`)}
    ${labelled('new-person-org', 'Organization', html`<select id="new-person-org" name="organizationId">${organizationOptions(v.organizations, v.kept.organizationId ?? '')}</select>`)}
    ${labelled('new-person-email', 'Email', html`<input type="email" id="new-person-email" name="email" required maxlength="320" autocomplete="off" value="${v.kept.email ?? ''}" aria-describedby="new-person-email-hint">`, 'The address the relay forwards to; add more on the person’s page.')}
    <div class="actions"><button class="primary" type="submit">Add person</button></div>
  </form>
</section>`,
  );
}

export interface PersonView {
  person: Person;
  organizations: Organization[];
  pairs: PairWithNames[];
  kept: Record<string, string>;
  /** A mentor's or protégé's onboarding, with what the step form kept from a refused submission. */
  onboarding?: { pipeline: Pipeline; kept: Record<string, string> };
  /** A protégé's guardians. */
  guardians?: { list: Guardian[]; kept: Record<string, string> };
  /** The contacts log of a mentor, protégé or parent, and their next check-in when in an open pair. */
  contacts?: { entries: Communication[]; checkIn: CheckIn | undefined; kept: Record<string, string> };
}

export function personPage(ctx: PageContext, v: PersonView): string {
  const p = v.person;
  const org = v.organizations.find((o) => o.id === p.organizationId);
  return programLayout(
    ctx,
    '/program/people',
    p.name,
    html`<p><a href="/program/people">← People</a></p>
<h1>${p.name}</h1>
<section class="card" aria-label="Details">
  <dl class="meta">
    <dt>Role</dt><dd>${roleLabels[p.role]}</dd>
    <dt>Organization</dt><dd>${org ? org.name : html`<span class="muted">none</span>`}</dd>
    <dt>Added</dt><dd>${dateOnly(p.createdAt)}</dd>
  </dl>
</section>
${v.onboarding ? pipelineSection(ctx, p.name, v.onboarding.pipeline, v.onboarding.kept, v.guardians ? guardianChoice(v.guardians.list, v.onboarding.kept) : html``) : ''}
${v.guardians ? guardiansSection(ctx, p.id, v.guardians.list, v.guardians.kept) : ''}
${v.contacts ? communicationsSection(ctx, p.id, v.contacts.entries, v.contacts.checkIn, v.contacts.kept) : ''}
<section class="card" aria-labelledby="pairs-h">
  <h2 id="pairs-h">Pairs</h2>
  ${
    v.pairs.length === 0
      ? html`<p class="muted">${p.role === 'mentor' || p.role === 'protege' ? 'Not in a pair yet.' : `A ${roleLabels[p.role]} is not part of a pair.`}</p>`
      : html`<ul>${v.pairs.map(
          (pair) =>
            html`<li data-pair="${pair.id}">${pair.mentorName} ↔ ${pair.protegeName} ${statusBadge(pair.status)} <span class="muted address">${pair.alias}</span>${
              pair.missing?.length ? html`<br><span class="muted">Opens when onboarding is complete; missing:</span>${missingList(pair.missing, new Map([[pair.mentorId, pair.mentorName], [pair.protegeId, pair.protegeName]]))}` : ''
            }</li>`,
        )}</ul>`
  }
  ${p.role === 'mentor' || p.role === 'protege' ? html`<p><a href="/program/pairs#new-pair">Create a pair</a></p>` : ''}
</section>
<section class="card" aria-labelledby="emails-h">
  <h2 id="emails-h">Addresses</h2>
  ${
    p.emails.length === 0
      ? html`<p class="muted">No address: ${p.name} is reached by phone or letter.</p>`
      : html`<p class="muted">Mail from any of these is recognized as ${p.name}'s; the first one is where the relay forwards.</p>
  <ul class="emails">
  ${p.emails.map(
    (e, i) => html`<li><span class="address">${e}</span>${i === 0 ? html` <span class="badge">forwards here</span>` : ''}
    ${
      p.emails.length > 1
        ? html`<form method="post" action="/program/people/${p.id}/emails/remove" class="inline">${csrfField(ctx)}<input type="hidden" name="email" value="${e}"><button type="submit" class="small">Remove<span class="visually-hidden"> ${e}</span></button></form>`
        : ''
    }</li>`,
  )}
  </ul>`
  }
  <form method="post" action="/program/people/${p.id}/emails" class="grid-form">
    ${csrfField(ctx)}
    ${labelled('add-email', p.emails.length === 0 ? 'Address' : 'Another address', html`<input type="email" id="add-email" name="email" required maxlength="320" autocomplete="off" value="${v.kept.email ?? ''}">`)}
    <div class="actions"><button type="submit">Add address</button></div>
  </form>
</section>
<section class="card" aria-labelledby="edit-h">
  <h2 id="edit-h">Name and organization</h2>
  <form method="post" action="/program/people/${p.id}" class="grid-form">
    ${csrfField(ctx)}
    ${labelled('edit-name', 'Name', html`<input type="text" id="edit-name" name="name" required maxlength="200" value="${v.kept.name ?? p.name}">`)}
    ${labelled('edit-org', 'Organization', html`<select id="edit-org" name="organizationId">${organizationOptions(v.organizations, v.kept.organizationId ?? String(p.organizationId ?? ''))}</select>`)}
    <div class="actions"><button class="primary" type="submit">Save</button></div>
  </form>
</section>
`,
  );
}
