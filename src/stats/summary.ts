import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIsoOrNull } from '../db/time.js';
import { invalid } from '../errors.js';
import { AUTO_APPROVER } from '../moderation/moderation.worker.js';
import { decisionsBetween, messagesByPair, pairsOpenDuring, waitingAt } from './summary.repository.js';
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
  if (!m || week < 1 || week > 53) throw invalid('week', `must be an ISO week as YYYY-Www, e.g. 2026-W48 (got ${JSON.stringify(value)})`);
  // The Monday of ISO week 1 is the Monday of the week holding 4 January.
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY;
  const found = weeksBetween(monday, monday, timeZone)[0]!;
  if (found.week !== value) throw invalid('week', `${m[1]} has no week ${m[2]}`);
  return found;
}

/** The week's roll-up a coordinator reads on Monday morning (DESIGN.md "Reports"). */
export async function weeklySummary(db: Kysely<Database>, options: { week?: string; timeZone: string; now: number }): Promise<WeeklySummary> {
  const w = parseIsoWeek(options.week ?? currentWeek(options.timeZone, options.now), options.timeZone);
  // A week still running is read as of now.
  const end = Math.min(w.endMs, options.now);
  const [pairs, written, waiting, decisions] = await Promise.all([
    pairsOpenDuring(db, w.startMs, end),
    messagesByPair(db, w.startMs, end),
    waitingAt(db, end),
    decisionsBetween(db, w.startMs, end),
  ]);
  const byPair = new Map<number, { last: number; directions: number }>();
  for (const r of written) {
    const p = byPair.get(r.pair_id) ?? { last: 0, directions: 0 };
    p.last = Math.max(p.last, Number(r.last_at));
    if (Number(r.in_week) > 0) p.directions++;
    byPair.set(r.pair_id, p);
  }
  // "Active at the end": a pair still open then; a pair closed during the week no longer needs a nudge.
  const silentFor = (days: number) =>
    pairs.filter((p) => p.status === 'active' && p.started_at <= end - days * DAY && (byPair.get(p.id)?.last ?? 0) <= end - days * DAY).length;
  return {
    week: w.week,
    weekStart: w.weekStart,
    activePairs: pairs.length,
    pairsBothWrote: pairs.filter((p) => byPair.get(p.id)?.directions === 2).length,
    inactivePairs: silentFor(7),
    escalatePairs: silentFor(14),
    backlog: Number(waiting.n),
    oldestHeldAt: toIsoOrNull(waiting.oldest === null ? null : Number(waiting.oldest)),
    reviewers: reviewerWeeks(decisions),
  };
}

function currentWeek(timeZone: string, now: number): string {
  const day = Date.parse(`${today(timeZone, now)}T00:00:00Z`);
  return weeksBetween(day, day, timeZone)[0]!.week;
}
