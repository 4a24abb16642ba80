import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIsoOrNull } from '../db/time.js';
import { invalid } from '../errors.js';
import { AUTO_APPROVER } from '../moderation/moderation.worker.js';
import { decisionsBetween, pairsOpenDuring, waitingAt } from './summary.repository.js';
import { today, weeksBetween, type Week } from './weeks.js';

const DAY = 86_400_000;

export interface WeeklySummary {
  week: string;
  weekStart: string;
  /** Pairs open at some time in the week (pending pairs are not open). */
  activePairs: number;
  /** Of those, pairs where the mentor and the protégé both wrote in the week. */
  pairsBothWrote: number;
  /** Pairs active at the week's end (or now) with no message either way for 7 days, open for at least as long. */
  inactivePairs: number;
  /** The same for 14 days: the pairs to escalate (a subset of the inactive). */
  escalatePairs: number;
  /** Messages waiting for a decision at the week's end (or now). */
  backlog: number;
  oldestHeldAt: string | null;
  /** Review timeliness: each person who decided messages in the week, most decisions first. */
  reviewers: ReviewerWeek[];
}

export interface ReviewerWeek {
  reviewer: string;
  decided: number;
  approved: number;
  approvedWithEdits: number;
  rejected: number;
  /** Minutes from a message's arrival to this reviewer's decision. */
  medianHoldMinutes: number;
  longestHoldMinutes: number;
}

const median = (sorted: number[]) => {
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
};

/** Decisions by person (screening's own approvals in hold-flagged mode are not a reviewer's). */
function reviewerWeeks(decisions: Awaited<ReturnType<typeof decisionsBetween>>): ReviewerWeek[] {
  const by = new Map<string, { holds: number[]; approved: number; edited: number; rejected: number }>();
  for (const d of decisions) {
    if (d.decided_by === null || d.decided_by === AUTO_APPROVER) continue;
    const r = by.get(d.decided_by) ?? { holds: [], approved: 0, edited: 0, rejected: 0 };
    r.holds.push((Number(d.decided_at) - Number(d.received_at)) / 60_000);
    if (d.status === 'rejected') r.rejected++;
    else r.approved++;
    if (d.forward_archive_id !== null) r.edited++;
    by.set(d.decided_by, r);
  }
  return [...by]
    .map(([reviewer, r]) => {
      const holds = r.holds.sort((a, b) => a - b);
      return { reviewer, decided: holds.length, approved: r.approved, approvedWithEdits: r.edited, rejected: r.rejected, medianHoldMinutes: median(holds), longestHoldMinutes: Math.round(holds.at(-1)!) };
    })
    .sort((a, b) => b.decided - a.decided || a.reviewer.localeCompare(b.reviewer));
}

/** `2026-W48` as its week, in the program's time zone; 400 naming `week` when it is not one. */
export function parseIsoWeek(value: string, timeZone: string): Week {
  const m = /^(\d{4})-W(\d{2})$/.exec(value);
  const week = m ? Number(m[2]) : 0;
  if (!m || week < 1 || week > 53) throw invalid('week', `must be an ISO week as YYYY-Www, e.g. 2026-W48, or last or this (got ${JSON.stringify(value)})`);
  // The Monday of ISO week 1 is the Monday of the week holding 4 January.
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY;
  const found = weeksBetween(monday, monday, timeZone)[0]!;
  if (found.week !== value) throw invalid('week', `${m[1]} has no week ${m[2]}`);
  return found;
}

/** The week before the one running at `at`: the last complete week. */
export function lastCompleteWeek(timeZone: string, at: number): string {
  const running = parseIsoWeek(currentWeek(timeZone, at), timeZone);
  const day = Date.parse(`${running.weekStart}T00:00:00Z`) - 7 * DAY;
  return weeksBetween(day, day, timeZone)[0]!.week;
}

/**
 * The week a report asks for: an ISO week (`2026-W48`), `last` (the last complete one, what a cron job
 * on Monday morning wants) or `this`; none is this week. A week that has not begun is refused
 * (400 naming `week`): its pairs would all read as silent.
 */
export function resolveWeek(value: string | undefined, timeZone: string, now: number): Week {
  const thisWeek = currentWeek(timeZone, now);
  if (value === undefined || value === '' || value === 'this') return parseIsoWeek(thisWeek, timeZone);
  if (value === 'last') return parseIsoWeek(lastCompleteWeek(timeZone, now), timeZone);
  const w = parseIsoWeek(value, timeZone);
  if (w.startMs > now) throw invalid('week', `${value} has not begun yet (this week is ${thisWeek})`);
  return w;
}

/** The week's roll-up a coordinator reads on Monday morning (DESIGN.md "Reports"). */
export async function weeklySummary(db: Kysely<Database>, options: { week?: string; timeZone: string; now: number }): Promise<WeeklySummary> {
  return (await summaryAndNudges(db, options)).summary;
}

/** The week's roll-up and the pairs that need a nudge, from one read of the week's open pairs. */
export async function summaryAndNudges(db: Kysely<Database>, options: { week?: string; timeZone: string; now: number }): Promise<{ summary: WeeklySummary; nudges: Nudge[] }> {
  const w = resolveWeek(options.week, options.timeZone, options.now);
  // A week still running is read as of now.
  const end = Math.min(w.endMs, options.now);
  const [pairs, waiting, decisions] = await Promise.all([pairsOpenDuring(db, w.startMs, end), waitingAt(db, end), decisionsBetween(db, w.startMs, end)]);
  const health = pairHealth(pairs, w.startMs);
  // "Active at the end": a pair still open then; a pair closed during the week no longer needs a nudge.
  const silentFor = (days: number) => health.filter((p) => silentSince(p, end, days)).length;
  const summary = {
    week: w.week,
    weekStart: w.weekStart,
    activePairs: pairs.length,
    pairsBothWrote: health.filter((p) => p.mentorWrote && p.protegeWrote).length,
    inactivePairs: silentFor(7),
    escalatePairs: silentFor(14),
    backlog: Number(waiting.n),
    oldestHeldAt: toIsoOrNull(waiting.oldest === null ? null : Number(waiting.oldest)),
    reviewers: reviewerWeeks(decisions),
  };
  return { summary, nudges: nudgesOf(health, end) };
}

/** A pair open in a week: when each side last wrote (before the week's end) and who wrote in the week. */
export interface PairHealth {
  id: number;
  status: string;
  startedAt: number;
  lastMentorAt: number | null;
  lastProtegeAt: number | null;
  mentorWrote: boolean;
  protegeWrote: boolean;
}

function pairHealth(pairs: Awaited<ReturnType<typeof pairsOpenDuring>>, start: number): PairHealth[] {
  return pairs.map((p) => {
    const lastMentorAt = p.last_m === null ? null : Number(p.last_m);
    const lastProtegeAt = p.last_p === null ? null : Number(p.last_p);
    return { id: p.id, status: p.status, startedAt: Number(p.started_at), lastMentorAt, lastProtegeAt, mentorWrote: (lastMentorAt ?? -1) >= start, protegeWrote: (lastProtegeAt ?? -1) >= start };
  });
}

/** An active pair, open at least `days` days at `end`, with no message either way in those days. */
const silentSince = (p: PairHealth, end: number, days: number) =>
  p.status === 'active' && p.startedAt <= end - days * DAY && Math.max(p.lastMentorAt ?? 0, p.lastProtegeAt ?? 0) <= end - days * DAY;

/** Why a coordinator should nudge a pair: silent 14 days (escalate), silent 7 days, or only one side wrote this week. */
export type NudgeReason = 'escalate' | 'inactive' | 'one-sided';

export interface Nudge {
  pairId: number;
  reason: NudgeReason;
  /** The side that wrote, for a one-sided week. */
  wrote: 'mentor' | 'protege' | null;
  lastMentorMessageAt: string | null;
  lastProtegeMessageAt: string | null;
}

/** The week's active pairs that need a nudge, the most urgent first, then the longest silent. */
function nudgesOf(health: PairHealth[], end: number): Nudge[] {
  const rank: Record<NudgeReason, number> = { escalate: 0, inactive: 1, 'one-sided': 2 };
  const nudges: (Nudge & { last: number })[] = [];
  for (const p of health) {
    if (p.status !== 'active') continue;
    const reason: NudgeReason | null = silentSince(p, end, 14) ? 'escalate' : silentSince(p, end, 7) ? 'inactive' : p.mentorWrote !== p.protegeWrote ? 'one-sided' : null;
    if (!reason) continue;
    nudges.push({
      pairId: p.id,
      reason,
      wrote: reason === 'one-sided' ? (p.mentorWrote ? 'mentor' : 'protege') : null,
      lastMentorMessageAt: toIsoOrNull(p.lastMentorAt),
      lastProtegeMessageAt: toIsoOrNull(p.lastProtegeAt),
      last: Math.max(p.lastMentorAt ?? 0, p.lastProtegeAt ?? 0),
    });
  }
  return nudges.sort((a, b) => rank[a.reason] - rank[b.reason] || a.last - b.last || a.pairId - b.pairId).map(({ last: _, ...n }) => n);
}

export function currentWeek(timeZone: string, now: number): string {
  const day = Date.parse(`${today(timeZone, now)}T00:00:00Z`);
  return weeksBetween(day, day, timeZone)[0]!.week;
}
