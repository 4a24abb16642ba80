import { html, type Html } from '../../../html.js';
import { duration, localTime, nudgeText, type NamedNudge, type WeeklyReport } from '../../../stats/report.js';
import type { WeeklyRow } from '../../../stats/weekly.js';
import type { PageContext } from '../layout.js';
import { programLayout } from './nav.js';
import { dateOnly, roleLabels } from './parts.js';
import { plural } from '../../../words.js';

export interface DashboardView {
  report: WeeklyReport;
  /** The program's rows of the chart's weeks, the shown week last. */
  weeks: WeeklyRow[];
  /** The shown week is the one running now (its numbers are as of now). */
  current: boolean;
  /** The instant the backlog is read at: the week's end, or now for a week still running. */
  asOf: number;
  previousWeek: string;
  /** The week after the shown one, while that is not later than this week. */
  nextWeek: string | null;
  /** This week, when another one is shown. */
  thisWeek: string | null;
  timeZone: string;
}

/** How many check-ins and tasks the page names; the rest are counted and listed on their own pages. */
const SHOWN = 10;
/** The pairs to nudge the page lists, the most urgent first (a program in trouble has thousands). */
const NUDGES_SHOWN = 100;
const TASKS_SHOWN = 5;

const sum = <T>(rows: T[], value: (r: T) => number) => rows.reduce((n, r) => n + value(r), 0);
const weekLink = (week: string) => `/program/dashboard?week=${week}`;
/** `W47` beside week 2026-W48, `2025-W52` beside 2026-W01: the year only when it changes. */
const shortWeek = (week: string, beside: string) => (week.slice(0, 5) === beside.slice(0, 5) ? week.slice(5) : week);

/** A local date and time with the instant it stands for. */
const at = (iso: string, timeZone: string) => html`<time datetime="${iso}">${localTime(iso, timeZone)}</time>`;

/** `23 Nov` of a `YYYY-MM-DD` calendar date. */
function dayMonth(day: string, withYear = false): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(Date.parse(`${day}T00:00:00Z`));
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const reasonBadge: Record<NamedNudge['reason'], Html> = {
  escalate: html`<span class="badge urgent">silent 14 days</span>`,
  inactive: html`<span class="badge review">silent 7 days</span>`,
  'one-sided': html`<span class="badge">one-sided</span>`,
};

/** A step up the y axis: 1, 2 or 5 times a power of ten, at least 1. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/**
 * The weekly exchanges as an inline SVG bar chart: per week, one bar for each direction, the total
 * above them. It scales to its container (viewBox, width 100%): the labels stay readable on a phone.
 * The numbers are also in a table beside it, for a screen reader and for whoever wants them.
 */
export function exchangesChart(weeks: WeeklyRow[], shownWeek: string): Html {
  // Small user units: on a 375 px phone the chart is drawn at about its own size (a label of 10
  // units is 10 px), on a wide screen up to 1.6 times it (figure.chart svg's max-width).
  const W = 340;
  const H = 210;
  const left = 28;
  const right = 2;
  const top = 16;
  const bottom = 34;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const most = Math.max(0, ...weeks.map((w) => Math.max(w.mentorToProtege, w.protegeToMentor)));
  const step = niceStep(most / 4);
  const max = Math.max(step, Math.ceil(most / step) * step);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, weeks.length);
  const bar = Math.min(14, (slot - 5) / 2);
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  const first = weeks[0]?.week ?? shownWeek;
  const last = weeks.at(-1)?.week ?? shownWeek;
  const total = sum(weeks, (w) => w.total);
  const busiest = weeks.reduce<WeeklyRow | null>((b, w) => (w.total > (b?.total ?? 0) ? w : b), null);
  const description =
    total === 0
      ? `No messages from ${first} to ${last}.`
      : `${plural(total, 'message')} from ${first} to ${last}: ${sum(weeks, (w) => w.mentorToProtege)} mentor to protégé, ${sum(weeks, (w) => w.protegeToMentor)} protégé to mentor; the most in ${busiest!.week} (${busiest!.total}).`;
  const fmt = (n: number) => Number(n.toFixed(1));
  return html`<figure class="chart">
<ul class="legend" aria-hidden="true"><li><span class="swatch m2p"></span>Mentor → protégé</li><li><span class="swatch p2m"></span>Protégé → mentor</li></ul>
<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="chart-title chart-desc" data-testid="exchanges-chart" font-family="system-ui, sans-serif">
<title id="chart-title">Messages each week, ${first} to ${last}, by direction</title>
<desc id="chart-desc">${description}</desc>
${ticks.map(
  (v) => html`<line x1="${left}" x2="${W - right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="${v === 0 ? '#5b6575' : '#d9dee7'}" stroke-width="1"/><text x="${left - 4}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="10" fill="#5b6575">${v}</text>`,
)}
${weeks.map((w, i) => {
  const x0 = left + i * slot;
  const mid = x0 + slot / 2;
  const shown = w.week === shownWeek;
  const month = i === 0 || w.weekStart.slice(5, 7) !== weeks[i - 1]!.weekStart.slice(5, 7);
  return html`<g class="week" data-week="${w.week}">${shown ? html`<rect x="${fmt(x0 + 1)}" y="${top - 16}" width="${fmt(slot - 2)}" height="${plotH + 16}" fill="#eef4ff"/>` : ''}<rect class="m2p" x="${fmt(mid - bar - 1)}" y="${fmt(y(w.mentorToProtege))}" width="${fmt(bar)}" height="${fmt(top + plotH - y(w.mentorToProtege))}" fill="#1f5fbf"><title>${w.week}: ${w.mentorToProtege} mentor to protégé</title></rect><rect class="p2m" x="${fmt(mid + 1)}" y="${fmt(y(w.protegeToMentor))}" width="${fmt(bar)}" height="${fmt(top + plotH - y(w.protegeToMentor))}" fill="#c25e00"><title>${w.week}: ${w.protegeToMentor} protégé to mentor</title></rect>${
    w.total > 0 ? html`<text x="${fmt(mid)}" y="${fmt(y(Math.max(w.mentorToProtege, w.protegeToMentor)) - 3)}" text-anchor="middle" font-size="9.5" fill="#1d2430">${w.total}</text>` : ''
  }<text x="${fmt(mid)}" y="${top + plotH + 13}" text-anchor="middle" font-size="10" fill="#1d2430"${shown ? html` font-weight="700"` : ''}>W${w.week.slice(-2)}</text>${
    month ? html`<text x="${fmt(x0 + 2)}" y="${top + plotH + 27}" font-size="9.5" fill="#5b6575">${dayMonth(w.weekStart)}</text>` : ''
  }</g>`;
})}
</svg>
<figcaption class="muted">${description}</figcaption>
<details class="chart-numbers">
  <summary>The numbers, week by week</summary>
  <table class="numbers">
    <thead><tr><th scope="col">Week</th><th scope="col">Mentor → protégé</th><th scope="col">Protégé → mentor</th><th scope="col">Total</th></tr></thead>
    <tbody>${weeks.map(
      (w) => html`<tr${w.week === shownWeek ? html` class="shown"` : ''}><th scope="row"><a href="${weekLink(w.week)}">${w.week}</a> <span class="muted">${dayMonth(w.weekStart)}</span></th><td>${w.mentorToProtege}</td><td>${w.protegeToMentor}</td><td>${w.total}</td></tr>`,
    )}</tbody>
  </table>
</details>
</figure>`;
}

function nudgeItem(n: NamedNudge, v: DashboardView): Html {
  return html`<li data-pair="${n.pairId}" data-reason="${n.reason}">
  ${reasonBadge[n.reason]} <a href="/program/pairs#pair-${n.pairId}" class="pair-link">${n.mentor} and ${n.protege}</a>
  <span class="address muted">${n.alias}</span>
  <p class="nudge-why">${nudgeText(n, v.timeZone)}</p>
  <p class="nudge-who muted">Log a contact with <a href="/program/people/${n.mentorId}#contacts">${n.mentor}</a> (${roleLabels.mentor}) or <a href="/program/people/${n.protegeId}#contacts">${n.protege}</a> (${roleLabels.protege}).</p>
</li>`;
}

/**
 * The coordinators' dashboard (issue 13): one week of the program as a coordinator reads it on
 * Monday morning: the roll-ups, the weekly exchanges, whether reviews keep up, the pairs to nudge,
 * and the program's results.
 */
export function dashboardPage(ctx: PageContext, v: DashboardView): string {
  const r = v.report;
  const s = r.summary;
  const m = r.messages;
  const p = r.program;
  const tz = v.timeZone;
  const asOfIso = new Date(v.asOf).toISOString();
  const oldestMinutes = s.oldestHeldAt ? Math.max(0, Math.round((v.asOf - Date.parse(s.oldestHeldAt)) / 60_000)) : null;
  const decided = sum(s.reviewers, (x) => x.decided);
  const funnel = (rows: typeof p.mentorFunnel, key: string) => sum(rows, (x) => Number(x[key] ?? 0));
  const openFollowUps = sum(p.communications, (c) => c.openFollowUps);
  const overdueFollowUps = sum(p.communications, (c) => c.overdueFollowUps);
  const contacts = (role: 'mentor' | 'protege' | 'parent') => p.communications.find((c) => c.role === role)?.contacts ?? 0;
  const withoutOwner = p.responsibilities.withoutOwner;
  const weekEnd = addDays(r.weekStart, 6);

  return programLayout(
    ctx,
    '/program/dashboard',
    `Dashboard ${r.week}`,
    html`<h1>Dashboard: week ${r.week}</h1>
<p class="week-range">Monday ${dayMonth(r.weekStart)} to Sunday ${dayMonth(weekEnd, true)}${v.current ? html`, so far (as of ${at(asOfIso, tz)})` : ''}</p>
<nav class="week-nav" aria-label="Weeks">
  <a class="button" href="${weekLink(v.previousWeek)}" rel="prev" aria-label="Previous week, ${v.previousWeek}">← ${shortWeek(v.previousWeek, r.week)}</a>
  ${v.thisWeek ? html`<a class="button" href="${weekLink(v.thisWeek)}">This week</a>` : ''}
  ${v.nextWeek ? html`<a class="button" href="${weekLink(v.nextWeek)}" rel="next" aria-label="Next week, ${v.nextWeek}">${shortWeek(v.nextWeek, r.week)} →</a>` : ''}
</nav>

<div class="attention-grid">
<section class="card" aria-labelledby="rollup-h">
  <h2 id="rollup-h">The week in numbers</h2>
  <div class="summary rollups">
    <div><strong data-testid="open-pairs">${s.activePairs}</strong> open pair${s.activePairs === 1 ? '' : 's'}</div>
    <div><strong data-testid="both-wrote">${s.pairsBothWrote}</strong> where both wrote</div>
    <div><strong data-testid="silent-7">${s.inactivePairs}</strong> silent 7 days</div>
    <div><strong data-testid="silent-14">${s.escalatePairs}</strong> silent 14 days</div>
    <div><strong data-testid="messages">${m.total}</strong> message${m.total === 1 ? '' : 's'}</div>
    <div><strong data-testid="flagged">${m.flagged}</strong> flagged</div>
  </div>
  <p class="muted">${m.mentorToProtege} mentor to protégé, ${m.protegeToMentor} protégé to mentor; ${m.approved} approved (${m.approvedWithEdits} with edits), ${m.rejected} rejected, ${m.held} still waiting.</p>
</section>

<section class="card" aria-labelledby="chart-h">
  <h2 id="chart-h">Weekly exchanges</h2>
  ${exchangesChart(v.weeks, r.week)}
</section>
</div>

<div class="attention-grid">
<section class="card" aria-labelledby="nudge-h" id="nudges">
  <h2 id="nudge-h">Pairs to nudge (${r.nudges.length})</h2>
  ${
    r.nudges.length === 0
      ? html`<p data-testid="no-nudge">No pair needs a nudge this week.</p>`
      : html`<p class="muted">The most urgent first: silent for 14 days, silent for 7 days, then pairs where only one side wrote this week.</p>
  <ol class="nudges">${r.nudges.slice(0, NUDGES_SHOWN).map((n) => nudgeItem(n, v))}</ol>${
    r.nudges.length > NUDGES_SHOWN
      ? html`<p class="muted" data-testid="more-nudges">And ${r.nudges.length - NUDGES_SHOWN} more, less urgent: <code>mentor-relay report weekly --week ${r.week}</code> lists them all.</p>`
      : ''
  }`
  }
</section>

<section class="card" aria-labelledby="review-h" id="review">
  <h2 id="review-h">Review timeliness</h2>
  <div class="summary">
    <div><strong data-testid="backlog">${s.backlog}</strong> waiting for a decision${v.current ? '' : ' at the week’s end'}</div>
    <div><strong data-testid="oldest-wait">${duration(oldestMinutes)}</strong> oldest wait${s.oldestHeldAt ? html` <span class="muted">(since ${at(s.oldestHeldAt, tz)})</span>` : ''}</div>
  </div>
  <p>${s.backlog === 0 ? 'No message is waiting for review. ' : ''}${plural(decided, 'decision')} this week, on ${plural(m.total, 'message')} received.</p>
  ${
    s.reviewers.length === 0
      ? html`<p class="muted" data-testid="no-reviewer">Nobody decided a message this week.</p>`
      : html`<table class="queue program reviewers">
    <thead><tr><th scope="col">Reviewer</th><th scope="col">Decided</th><th scope="col">Approved</th><th scope="col">Rejected</th><th scope="col">Median wait</th><th scope="col">Longest wait</th></tr></thead>
    <tbody>${s.reviewers.map(
      (x) => html`<tr data-reviewer="${x.reviewer}">
      <td class="title reviewer">${x.reviewer}</td>
      <td data-label="Decided">${x.decided}</td>
      <td data-label="Approved">${x.approved}${x.approvedWithEdits ? html` <span class="muted">(${x.approvedWithEdits} with edits)</span>` : ''}</td>
      <td data-label="Rejected">${x.rejected}</td>
      <td data-label="Median wait">${duration(x.medianHoldMinutes)}</td>
      <td data-label="Longest wait">${duration(x.longestHoldMinutes)}</td>
    </tr>`,
    )}</tbody>
  </table>`
  }
  <p><a href="/review">Open the review queue</a></p>
</section>
</div>

<section class="card" aria-labelledby="results-h" id="results">
  <h2 id="results-h">The program’s results this week</h2>
  <div class="attention-grid results">
  <div>
    <h3>Mentor recruiting</h3>
    <p data-testid="mentor-funnel">${funnel(p.mentorFunnel, 'applied')} applied, ${funnel(p.mentorFunnel, 'approved')} approved, ${funnel(p.mentorFunnel, 'oriented')} oriented</p>
    <p class="muted">Of ${plural(p.onboarding.mentors.people, 'mentor')} in all, ${p.onboarding.mentors.oriented ?? 0} oriented.</p>
    <h3>Protégé orientation</h3>
    <p data-testid="protege-orientation">${funnel(p.protegeOrientation, 'enrolled')} enrolled, ${funnel(p.protegeOrientation, 'parentalPermission')} with a parent’s permission, ${funnel(p.protegeOrientation, 'approved')} approved, ${funnel(p.protegeOrientation, 'oriented')} oriented</p>
    <p class="muted">Of ${plural(p.onboarding.proteges.people, 'protégé')} in all, ${p.onboarding.proteges.oriented ?? 0} oriented.</p>
    <h3>Contacts and follow-ups</h3>
    <p>${contacts('mentor')} with mentors, ${contacts('protege')} with protégés, ${contacts('parent')} with parents this week.</p>
    <p data-testid="follow-ups">Follow-ups now: ${openFollowUps} open, <span${overdueFollowUps > 0 ? html` class="overdue"` : ''}>${overdueFollowUps} overdue</span>.</p>
  </div>
  <div>
    <h3>Check-ins overdue (${p.checkIns.overdue})</h3>
    ${
      p.checkIns.people.length === 0
        ? html`<p>No check-in is overdue.</p>`
        : html`<ul class="checkins">${p.checkIns.people.slice(0, SHOWN).map(
            (c) =>
              html`<li><a href="/program/people/${c.personId}#contacts">${c.name}</a> <span class="muted">${roleLabels[c.role]}, due ${dateOnly(c.dueAt)}${c.lastCheckInAt ? html`, last ${dateOnly(c.lastCheckInAt)}` : ', never checked in'}</span></li>`,
          )}${p.checkIns.overdue > SHOWN ? html`<li class="muted">and ${p.checkIns.overdue - SHOWN} more</li>` : ''}</ul>`
    }
    <h3>Tasks without an owner (${withoutOwner.length})</h3>
    <p>${p.responsibilities.covered} of ${plural(p.responsibilities.tasks, 'task')} have one person responsible.</p>
    ${
      withoutOwner.length === 0
        ? ''
        : html`<ul class="tasks-without-owner">${withoutOwner.slice(0, TASKS_SHOWN).map(
            (x) => html`<li><a href="/program/responsibilities#task-${x.id}">${x.task}</a>${x.missing === 'person' ? html` <span class="muted">${x.organization}: no person yet</span>` : ''}</li>`,
          )}${withoutOwner.length > TASKS_SHOWN ? html`<li class="muted">and ${withoutOwner.length - TASKS_SHOWN} more</li>` : ''}</ul>
    <p><a href="/program/responsibilities">Assign them</a></p>`
    }
  </div>
  </div>
</section>`,
  );
}
