import type { Attention } from '../../../program/program.model.js';
import { html } from '../../../html.js';
import { age, type PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { missingList } from './onboarding.js';
import type { CheckIn } from '../../../program/communication.service.js';
import { dateOnly, roleLabels, statusBadge } from './parts.js';

export interface OverviewView extends Attention {
  held: { waiting: number; oldestReceivedAt: string | null };
  /** Mentors and protégés whose staff check-in is overdue, the longest overdue first. */
  overdueCheckIns: CheckIn[];
}

/** How many unassigned tasks the overview names; the rest are counted, and listed on their own page. */
const TASKS_SHOWN = 5;
/** The same for people and pairs: a large program's overview stays a page, not a directory. */
const SHOWN = 20;
const firstOf = <T>(list: T[]) => list.slice(0, SHOWN);
const more = (list: unknown[]) => (list.length > SHOWN ? html`<li class="muted">and ${list.length - SHOWN} more</li>` : '');

/**
 * What needs a coordinator first, most pressing first; a section appears only when something is
 * in it. `unassignedTasks`: the responsibility matrix's tasks with no one person responsible.
 */
export function overviewPage(ctx: PageContext, v: OverviewView, unassignedTasks: { id: number; task: string }[]): string {
  const sections = [];
  if (unassignedTasks.length > 0) {
    const more = unassignedTasks.length - TASKS_SHOWN;
    sections.push(html`<section class="card attention" aria-labelledby="unassigned-h">
  <h2 id="unassigned-h">${unassignedTasks.length} task${unassignedTasks.length === 1 ? '' : 's'} with no one responsible</h2>
  <ul>${unassignedTasks.slice(0, TASKS_SHOWN).map((t) => html`<li>${t.task}</li>`)}${more > 0 ? html`<li class="muted">and ${more} more</li>` : ''}</ul>
  <p><a href="/program/responsibilities">Assign them</a></p>
</section>`);
  }
  if (v.held.waiting > 0) {
    sections.push(html`<section class="card attention" aria-labelledby="held-h">
  <h2 id="held-h">Messages waiting for review</h2>
  <div class="summary">
    <div><strong data-testid="held-waiting">${v.held.waiting}</strong> waiting</div>
    <div><strong data-testid="held-oldest">${v.held.oldestReceivedAt ? age(v.held.oldestReceivedAt, ctx.now) : '–'}</strong> oldest wait</div>
  </div>
  <p><a href="/review">Open the review queue</a></p>
</section>`);
  }
  if (v.overdueCheckIns.length > 0) {
    const n = v.overdueCheckIns.length;
    sections.push(html`<section class="card attention" aria-labelledby="checkins-h">
  <h2 id="checkins-h">${n} check-in${n === 1 ? '' : 's'} overdue</h2>
  <ul>${firstOf(v.overdueCheckIns).map(
    (c) =>
      html`<li><a href="/program/people/${c.personId}#contacts">${c.name}</a> <span class="muted">${roleLabels[c.role]}, due ${dateOnly(c.dueAt)}${
        c.lastCheckInAt ? html`, last ${dateOnly(c.lastCheckInAt)}` : ', never checked in'
      } · ${c.responsibleName ?? 'nobody responsible'}</span></li>`,
  )}${more(v.overdueCheckIns)}</ul>
</section>`);
  }
  if (v.withoutOrganization.length > 0) {
    sections.push(html`<section class="card attention" aria-labelledby="noorg-h">
  <h2 id="noorg-h">${v.withoutOrganization.length} ${v.withoutOrganization.length === 1 ? 'person' : 'people'} without an organization</h2>
  <ul>${firstOf(v.withoutOrganization).map((p) => html`<li><a href="/program/people/${p.id}">${p.name}</a> <span class="muted">${roleLabels[p.role]}</span></li>`)}${more(v.withoutOrganization)}</ul>
</section>`);
  }
  if (v.waitingForPair.length > 0) {
    sections.push(html`<section class="card attention" aria-labelledby="waiting-h">
  <h2 id="waiting-h">${v.waitingForPair.length} waiting for a pair</h2>
  <ul>${firstOf(v.waitingForPair).map((p) => html`<li><a href="/program/people/${p.id}">${p.name}</a> <span class="muted">${roleLabels[p.role]}</span></li>`)}${more(v.waitingForPair)}</ul>
  <p><a href="/program/pairs#new-pair">Create a pair</a></p>
</section>`);
  }
  if (v.unclearedPairs.length > 0) {
    const n = v.unclearedPairs.length;
    sections.push(html`<section class="card attention" aria-labelledby="uncleared-h">
  <h2 id="uncleared-h">${n} open pair${n === 1 ? '' : 's'} whose participants are not cleared</h2>
  <p class="muted">Made before onboarding was required, or with it turned off: they take mail. Record the missing steps, or pause them.</p>
  <ul>${firstOf(v.unclearedPairs).map(
    (p) => html`<li>${p.mentorName} ↔ ${p.protegeName} ${statusBadge(p.status)}${missingList(p.missing ?? [], new Map([[p.mentorId, p.mentorName], [p.protegeId, p.protegeName]]))}</li>`,
  )}${more(v.unclearedPairs)}</ul>
  <p><a href="/program/pairs">See the pairs</a></p>
</section>`);
  }
  if (v.pendingPairs.length > 0) {
    sections.push(html`<section class="card attention" aria-labelledby="pending-h">
  <h2 id="pending-h">${v.pendingPairs.length} pair${v.pendingPairs.length === 1 ? '' : 's'} waiting for onboarding</h2>
  <ul>${firstOf(v.pendingPairs).map(
    (p) => html`<li>${p.mentorName} ↔ ${p.protegeName} ${statusBadge(p.status)}${missingList(p.missing ?? [], new Map([[p.mentorId, p.mentorName], [p.protegeId, p.protegeName]]))}</li>`,
  )}${more(v.pendingPairs)}</ul>
  <p><a href="/program/pairs">See the pairs</a></p>
</section>`);
  }
  if (v.pausedPairs.length > 0) {
    sections.push(html`<section class="card attention" aria-labelledby="paused-h">
  <h2 id="paused-h">${v.pausedPairs.length} paused pair${v.pausedPairs.length === 1 ? '' : 's'}</h2>
  <ul>${firstOf(v.pausedPairs).map(
    (p) =>
      html`<li>${p.mentorName} ↔ ${p.protegeName} ${statusBadge(p.status)}${
        p.statusReason === 'background-check-expired'
          ? html` <span class="muted">the background check of <a href="/program/people/${p.mentorId}#onboarding">${p.mentorName}</a> expired</span>`
          : p.statusReason === 'onboarding-failed'
            ? html` <span class="muted">a step of their onboarding failed</span>`
            : ''
      }</li>`,
  )}${more(v.pausedPairs)}</ul>
  <p><a href="/program/pairs">Resume or close them</a></p>
</section>`);
  }
  return programLayout(
    ctx,
    '/program',
    'Program',
    html`<h1>What needs attention</h1>
${sections.length > 0 ? html`<div class="attention-grid">${sections}</div>` : html`<p class="card" data-testid="all-clear">Nothing needs attention: every task has one person responsible, every person has an organization, every mentor and protégé has a pair, no pair waits for onboarding or is paused, no check-in is overdue and no message is waiting for review.</p>`}`,
  );
}
