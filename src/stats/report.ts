import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { CommunicationService } from '../program/communication.service.js';
import { programReport, type ProgramReport } from './program.js';
import { pairNames } from './summary.repository.js';
import { resolveWeek, summaryAndNudges, type Nudge, type WeeklySummary } from './summary.js';
import { weeklyStats, type WeeklyRow } from './weekly.js';
import { plural } from '../words.js';

export interface NamedNudge extends Nudge {
  alias: string;
  mentorId: number;
  protegeId: number;
  mentor: string;
  protege: string;
}

/** One week of the program, everything a coordinator reads on Monday morning: one request, one command. */
export interface WeeklyReport {
  programName: string;
  week: string;
  weekStart: string;
  summary: WeeklySummary;
  /** The program's messages that week (the weekly report's row). */
  messages: WeeklyRow;
  nudges: NamedNudge[];
  program: ProgramReport;
  /** The week's by-pair rows (empty when asked for without them). */
  pairs: WeeklyRow[];
}

export interface ReportOptions {
  week?: string;
  timeZone: string;
  domain: string;
  programName: string;
  now: number;
  /** With the week's by-pair rows (the default); a page that shows none leaves them out. */
  withPairs?: boolean;
}

export async function weeklyReport(db: Kysely<Database>, communications: CommunicationService, options: ReportOptions): Promise<WeeklyReport> {
  const w = resolveWeek(options.week, options.timeZone, options.now);
  const range = { from: w.weekStart, to: w.weekStart, timeZone: options.timeZone, domain: options.domain, now: options.now };
  const [{ summary, nudges }, [messages], pairs, program] = await Promise.all([
    summaryAndNudges(db, { week: w.week, timeZone: options.timeZone, now: options.now }),
    weeklyStats(db, { ...range, by: 'program' }),
    options.withPairs === false ? Promise.resolve([]) : weeklyStats(db, { ...range, by: 'pair' }),
    programReport(db, communications, range),
  ]);
  const names = new Map((await pairNames(db, nudges.map((n) => n.pairId))).map((p) => [p.id, p]));
  return {
    programName: options.programName,
    week: w.week,
    weekStart: w.weekStart,
    summary,
    messages: messages!,
    nudges: nudges.map((n) => {
      const p = names.get(n.pairId)!;
      return { ...n, alias: `${p.alias}@${options.domain}`, mentorId: p.mentor_id, protegeId: p.protege_id, mentor: p.mentor, protege: p.protege };
    }),
    program,
    pairs,
  };
}

/** `2026-11-24 10:00` in the program's time zone. */
export function localTime(iso: string | null, timeZone: string): string {
  if (iso === null) return 'never';
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(Date.parse(iso));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Minutes as a person says them: 45 min, 13 h, 3 days. */
export function duration(minutes: number | null): string {
  if (minutes === null) return '-';
  if (minutes < 90) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}


/**
 * A name or label on one line of the text: control characters, line separators and direction
 * overrides become spaces, so a name recorded before names were checked (or a token's label) cannot
 * forge a line of the report or drive the terminal that shows it.
 */
export const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');

/** Why a pair is on the list, in words. */
export function nudgeText(n: Nudge, timeZone: string): string {
  const last = Math.max(n.lastMentorMessageAt ? Date.parse(n.lastMentorMessageAt) : 0, n.lastProtegeMessageAt ? Date.parse(n.lastProtegeMessageAt) : 0);
  const since = last === 0 ? 'no message yet' : `nothing either way since ${localTime(new Date(last).toISOString(), timeZone)}`;
  if (n.reason === 'escalate') return `silent for 14 days or more (${since}): escalate`;
  if (n.reason === 'inactive') return `silent for 7 days (${since})`;
  const [wrote, other, otherAt] = n.wrote === 'mentor' ? ['mentor', 'protégé', n.lastProtegeMessageAt] : ['protégé', 'mentor', n.lastMentorMessageAt];
  return `only the ${wrote} wrote this week (${otherAt ? `the ${other} last wrote ${localTime(otherAt, timeZone)}` : `the ${other} has not written yet`})`;
}

/** The report as plain text, for a terminal, cron's mail or the weekly digest. */
export function reportText(r: WeeklyReport, timeZone: string): string {
  const s = r.summary;
  const m = r.messages;
  const p = r.program;
  const funnel = (rows: ProgramReport['mentorFunnel'], steps: [string, string][]) =>
    steps.map(([key, label]) => `${rows.reduce((n, x) => n + Number(x[key] ?? 0), 0)} ${label}`).join(', ');
  const contacts = (role: string) => p.communications.find((c) => c.role === role)!;
  const lines = [
    `${oneLine(r.programName)}: week ${r.week} (from Monday ${r.weekStart})`,
    '',
    'Pairs',
    `  ${plural(s.activePairs, 'pair')} open, ${s.pairsBothWrote} where both wrote; ${s.inactivePairs} silent for 7 days, ${s.escalatePairs} for 14 days (escalate)`,
    'Messages',
    `  ${m.total} (${m.mentorToProtege} mentor to protégé, ${m.protegeToMentor} protégé to mentor): ${m.approved} approved (${m.approvedWithEdits} with edits), ${m.rejected} rejected, ${m.held} waiting; ${m.flagged} flagged`,
    'Review',
    `  ${s.backlog} waiting for a decision${s.oldestHeldAt ? `, the oldest since ${localTime(s.oldestHeldAt, timeZone)}` : ''}`,
    ...s.reviewers.map((x) => `  ${oneLine(x.reviewer)}: ${x.decided} decided, median wait ${duration(x.medianHoldMinutes)}, longest ${duration(x.longestHoldMinutes)}`),
    '',
    `Pairs to nudge (${r.nudges.length})`,
    ...(r.nudges.length === 0 ? ['  none'] : r.nudges.map((n) => `  - ${oneLine(n.mentor)} and ${oneLine(n.protege)} (pair ${n.pairId}, ${n.alias}): ${nudgeText(n, timeZone)}`)),
    '',
    "The program's results this week",
    `  Mentor recruiting: ${funnel(p.mentorFunnel, [['applied', 'applied'], ['approved', 'approved'], ['oriented', 'oriented']])}`,
    `  Protégé orientation: ${funnel(p.protegeOrientation, [['enrolled', 'enrolled'], ['parentalPermission', 'with parental permission'], ['approved', 'approved'], ['oriented', 'oriented']])}`,
    `  Contacts: ${contacts('mentor').contacts} with mentors, ${contacts('protege').contacts} with protégés, ${contacts('parent').contacts} with parents; follow-ups open ${p.communications.reduce((n, c) => n + c.openFollowUps, 0)}, overdue ${p.communications.reduce((n, c) => n + c.overdueFollowUps, 0)}`,
    `  Check-ins overdue: ${p.checkIns.overdue}${p.checkIns.people.length ? ` (${p.checkIns.people.slice(0, 10).map((c) => oneLine(c.name)).join(', ')}${p.checkIns.overdue > 10 ? ', ...' : ''})` : ''}`,
    `  Responsibilities: ${p.responsibilities.covered} of ${plural(p.responsibilities.tasks, 'task')} have an owner${p.responsibilities.withoutOwner.length ? '; without one:' : ''}`,
    ...p.responsibilities.withoutOwner.map((x) => `    - ${oneLine(x.task)}${x.missing === 'person' ? ` (${oneLine(x.organization ?? '')}: no person yet)` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
