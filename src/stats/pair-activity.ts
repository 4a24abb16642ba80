import { toIsoOrNull } from '../db/time.js';
import type { PairContext } from './pair-activity.repository.js';
import type { ReportMessage } from './weekly.repository.js';
import type { Week } from './weeks.js';

/** What the by-pair report adds to a pair's week (DESIGN.md "Reports"). */
export interface PairActivity {
  /** The mentor and the protégé both wrote that week. */
  bothWrote: boolean;
  /** The latest message of each side received before the week's end, whatever its week. */
  lastMentorMessageAt: string | null;
  lastProtegeMessageAt: string | null;
  /** Minutes from a message to the other side's first message after it, for the replies received that week. */
  medianReplyMinutes: number | null;
  longestReplyMinutes: number | null;
  /** Minutes from receipt to the reviewer's decision, for the week's messages decided so far. */
  medianHoldMinutes: number | null;
  longestHoldMinutes: number | null;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
};
const longest = (values: number[]): number | null => (values.length === 0 ? null : Math.round(values.reduce((a, b) => Math.max(a, b))));

/**
 * Each pair's activity in each week, keyed `pairId:week`: a walk over the messages of the range in the
 * order received, from where each pair's exchange stood at the range's start.
 */
export function pairActivity(weeks: Week[], before: PairContext[], messages: ReportMessage[]): Map<string, PairActivity> {
  type Acc = { last: Record<'mentor_to_protege' | 'protege_to_mentor', number | null>; runSide: string | null; runStart: number };
  const pairs = new Map<number, Acc>();
  const acc = (id: number): Acc => {
    let a = pairs.get(id);
    if (!a) pairs.set(id, (a = { last: { mentor_to_protege: null, protege_to_mentor: null }, runSide: null, runStart: 0 }));
    return a;
  };
  for (const b of before) {
    const a = acc(b.pair_id);
    a.last.mentor_to_protege = b.last_m === null ? null : Number(b.last_m);
    a.last.protege_to_mentor = b.last_p === null ? null : Number(b.last_p);
    a.runSide = (a.last.mentor_to_protege ?? -1) >= (a.last.protege_to_mentor ?? -1) ? 'mentor_to_protege' : 'protege_to_mentor';
    a.runStart = Number(b.run_start);
  }
  const out = new Map<string, { lastM: number | null; lastP: number | null; replies: number[]; holds: number[]; sides: Set<string> }>();
  for (const m of messages) {
    const at = Number(m.received_at);
    const a = acc(m.pair_id);
    let replyMinutes: number | null = null;
    if (a.runSide !== m.direction) {
      if (a.runSide !== null) replyMinutes = (at - a.runStart) / 60_000;
      a.runSide = m.direction;
      a.runStart = at;
    }
    a.last[m.direction] = at;
    const week = weeks.find((x) => at < x.endMs)!;
    const key = `${m.pair_id}:${week.week}`;
    const row = out.get(key) ?? { lastM: null, lastP: null, replies: [], holds: [], sides: new Set<string>() };
    row.sides.add(m.direction);
    if (replyMinutes !== null) row.replies.push(replyMinutes);
    if (m.decided_at !== null) row.holds.push((Number(m.decided_at) - at) / 60_000);
    row.lastM = a.last.mentor_to_protege;
    row.lastP = a.last.protege_to_mentor;
    out.set(key, row);
  }
  const result = new Map<string, PairActivity>();
  for (const [key, r] of out) {
    result.set(key, {
      bothWrote: r.sides.size === 2,
      lastMentorMessageAt: toIsoOrNull(r.lastM),
      lastProtegeMessageAt: toIsoOrNull(r.lastP),
      medianReplyMinutes: median(r.replies),
      longestReplyMinutes: longest(r.replies),
      medianHoldMinutes: median(r.holds),
      longestHoldMinutes: longest(r.holds),
    });
  }
  return result;
}

/**
 * Adds its activity to each by-pair row (in week order), in place: a week without messages still says
 * when each side last wrote (carried on from the weeks before, and from before the range).
 */
export function addActivity<R extends { pairId: number; week: string; mentorToProtege: number; protegeToMentor: number }>(
  rows: R[],
  before: PairContext[],
  activity: Map<string, PairActivity>,
): (R & PairActivity)[] {
  const carry = new Map<number, { m: string | null; p: string | null }>(
    before.map((b) => [b.pair_id, { m: toIsoOrNull(b.last_m === null ? null : Number(b.last_m)), p: toIsoOrNull(b.last_p === null ? null : Number(b.last_p)) }]),
  );
  return rows.map((r) => {
    const a = activity.get(`${r.pairId}:${r.week}`);
    const c = carry.get(r.pairId) ?? { m: null, p: null };
    if (a) carry.set(r.pairId, { m: a.lastMentorMessageAt, p: a.lastProtegeMessageAt });
    const row = r as R & PairActivity;
    row.bothWrote = r.mentorToProtege > 0 && r.protegeToMentor > 0;
    row.lastMentorMessageAt = a ? a.lastMentorMessageAt : c.m;
    row.lastProtegeMessageAt = a ? a.lastProtegeMessageAt : c.p;
    row.medianReplyMinutes = a?.medianReplyMinutes ?? null;
    row.longestReplyMinutes = a?.longestReplyMinutes ?? null;
    row.medianHoldMinutes = a?.medianHoldMinutes ?? null;
    row.longestHoldMinutes = a?.longestHoldMinutes ?? null;
    return row;
  });
}
