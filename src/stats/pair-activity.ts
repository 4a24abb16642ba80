import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIsoOrNull } from '../db/time.js';
import { lastMessageBefore, messagesBetween } from './summary.repository.js';
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

/** How far back a reply may look for the message it answers. */
const REPLY_LOOKBACK = 60 * 86_400_000;

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return Math.round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
};
const longest = (values: number[]): number | null => (values.length === 0 ? null : Math.round(values.reduce((a, b) => Math.max(a, b))));

/**
 * Each pair's activity in each week, keyed `pairId:week`: a walk over the messages of the range (and
 * the 60 days before it, for the message a reply answers), in the order received.
 */
export async function pairActivity(db: Kysely<Database>, weeks: Week[]): Promise<Map<string, PairActivity>> {
  const start = weeks[0]!.startMs;
  const end = weeks.at(-1)!.endMs;
  const [before, messages] = await Promise.all([lastMessageBefore(db, start), messagesBetween(db, start - REPLY_LOOKBACK, end)]);
  type Acc = { last: Record<'mentor_to_protege' | 'protege_to_mentor', number | null>; runSide: string | null; runStart: number };
  const pairs = new Map<number, Acc>();
  const acc = (id: number): Acc => {
    let a = pairs.get(id);
    if (!a) pairs.set(id, (a = { last: { mentor_to_protege: null, protege_to_mentor: null }, runSide: null, runStart: 0 }));
    return a;
  };
  for (const b of before) acc(b.pair_id).last[b.direction] = Number(b.last_at);
  const out = new Map<string, { lastMentorMessageAt: string | null; lastProtegeMessageAt: string | null; replies: number[]; holds: number[]; sides: Set<string> }>();
  for (const m of messages) {
    const at = Number(m.received_at);
    const a = acc(m.pair_id);
    let replyMinutes: number | null = null;
    if (a.runSide !== m.direction) {
      if (a.runSide !== null) replyMinutes = (at - a.runStart) / 60_000;
      a.runSide = m.direction;
      a.runStart = at;
    }
    if (at < start) continue; // context only: it ends a run, it is not reported
    a.last[m.direction] = at;
    const week = weeks.find((x) => at < x.endMs)!;
    const key = `${m.pair_id}:${week.week}`;
    const row = out.get(key) ?? { lastMentorMessageAt: null as string | null, lastProtegeMessageAt: null as string | null, replies: [] as number[], holds: [] as number[], sides: new Set<string>() };
    row.sides.add(m.direction);
    if (replyMinutes !== null) row.replies.push(replyMinutes);
    if (m.decided_at !== null) row.holds.push((Number(m.decided_at) - at) / 60_000);
    row.lastMentorMessageAt = toIsoOrNull(a.last.mentor_to_protege);
    row.lastProtegeMessageAt = toIsoOrNull(a.last.protege_to_mentor);
    out.set(key, row);
  }
  const result = new Map<string, PairActivity>();
  for (const [key, r] of out) {
    result.set(key, {
      bothWrote: r.sides.size === 2,
      lastMentorMessageAt: r.lastMentorMessageAt,
      lastProtegeMessageAt: r.lastProtegeMessageAt,
      medianReplyMinutes: median(r.replies),
      longestReplyMinutes: longest(r.replies),
      medianHoldMinutes: median(r.holds),
      longestHoldMinutes: longest(r.holds),
    });
  }
  return result;
}

/**
 * The by-pair rows with their activity, in week order: a week without messages still says when each
 * side last wrote (carried on from the weeks before, and from before the range).
 */
export async function withActivity<R extends { pairId?: number; week: string; mentorToProtege: number; protegeToMentor: number }>(
  db: Kysely<Database>,
  weeks: Week[],
  rows: R[],
): Promise<(R & PairActivity)[]> {
  if (weeks.length === 0) return [];
  const [activity, before] = await Promise.all([pairActivity(db, weeks), lastMessageBefore(db, weeks[0]!.startMs)]);
  const carry = new Map<number, { m: string | null; p: string | null }>();
  for (const b of before) {
    const c = carry.get(b.pair_id) ?? { m: null, p: null };
    if (b.direction === 'mentor_to_protege') c.m = toIsoOrNull(Number(b.last_at));
    else c.p = toIsoOrNull(Number(b.last_at));
    carry.set(b.pair_id, c);
  }
  return rows.map((r) => {
    const a = activity.get(`${r.pairId}:${r.week}`);
    const c = carry.get(r.pairId!) ?? { m: null, p: null };
    if (a) carry.set(r.pairId!, { m: a.lastMentorMessageAt, p: a.lastProtegeMessageAt });
    return {
      ...r,
      bothWrote: r.mentorToProtege > 0 && r.protegeToMentor > 0,
      lastMentorMessageAt: a ? a.lastMentorMessageAt : c.m,
      lastProtegeMessageAt: a ? a.lastProtegeMessageAt : c.p,
      medianReplyMinutes: a?.medianReplyMinutes ?? null,
      longestReplyMinutes: a?.longestReplyMinutes ?? null,
      medianHoldMinutes: a?.medianHoldMinutes ?? null,
      longestHoldMinutes: a?.longestHoldMinutes ?? null,
    };
  });
}
