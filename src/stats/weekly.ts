import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { flagTypes, type FlagType } from '../screening/types.js';
import { addActivity, pairActivity } from './pair-activity.js';
import { pairContextBefore } from './pair-activity.repository.js';
import { flaggedBetween, messagesBetween, organizationNames, pairsForReport, weeklyCounts, type ReportMessage } from './weekly.repository.js';
import { reportWeeks, type Week } from './weeks.js';

/** `flagsParticipantIdentity`: the report's column for a flag type. */
export const flagField = (type: FlagType) => `flags${type.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase())}`;
const flagFields = flagTypes.map(flagField);

export interface WeeklyCounts {
  mentorToProtege: number;
  protegeToMentor: number;
  total: number;
  delivered: number;
  rejected: number;
  failed: number;
  /** Held or approved and not yet delivered. */
  pending: number;
  /** Waiting for a reviewer now. */
  held: number;
  /** Approved by a reviewer (or, in hold-flagged mode, by screening), whatever happened next. */
  approved: number;
  /** Of the approved, those forwarded as a reviewer's edited copy. */
  approvedWithEdits: number;
  /** Messages with at least one flag. */
  flagged: number;
  /** Messages with a flag of each type: flagsPhone, flagsEmail, ... flagsSender. */
  [flagsOfType: `flags${string}`]: number;
}

export type WeeklyRow = {
  week: string;
  weekStart: string;
  /** By pair. */
  pairId?: number;
  alias?: string;
  /** By organization (null: people without one). */
  organizationId?: number | null;
  organization?: string | null;
  /** By organization: pairs one of its people is in, open or written that week, and of those where both wrote. */
  pairs?: number;
  pairsBothWrote?: number;
  /** By pair only (see pair-activity.ts). */
  bothWrote?: boolean;
  lastMentorMessageAt?: string | null;
  lastProtegeMessageAt?: string | null;
  medianReplyMinutes?: number | null;
  longestReplyMinutes?: number | null;
  medianHoldMinutes?: number | null;
  longestHoldMinutes?: number | null;
} & WeeklyCounts;

export type WeeklyBy = 'program' | 'pair' | 'organization';

const countColumns = ['mentorToProtege', 'protegeToMentor', 'total', 'delivered', 'rejected', 'failed', 'pending', 'held', 'approved', 'approvedWithEdits', 'flagged', ...flagFields];
const activityColumns = ['bothWrote', 'lastMentorMessageAt', 'lastProtegeMessageAt', 'medianReplyMinutes', 'longestReplyMinutes', 'medianHoldMinutes', 'longestHoldMinutes'];

/** The columns of a report, in the order of its JSON rows' fields. */
export function weeklyColumns(by: WeeklyBy): string[] {
  if (by === 'pair') return ['week', 'weekStart', 'pairId', 'alias', ...countColumns, ...activityColumns];
  if (by === 'organization') return ['week', 'weekStart', 'organizationId', 'organization', 'pairs', 'pairsBothWrote', ...countColumns];
  return ['week', 'weekStart', ...countColumns];
}

/** The rows as CSV with a header line, columns in the JSON rows' order. */
export function weeklyCsv(rows: WeeklyRow[], by: WeeklyBy): string {
  // true and false as the JSON has them (the library's default writes 1 and an empty field).
  return stringify(rows, { header: true, columns: weeklyColumns(by), escape_formulas: true, cast: { boolean: (v) => (v ? 'true' : 'false') } });
}

const flagIndex = new Map<string, number>(flagTypes.map((t, i) => [t, i]));

/** A fresh set of counts, every field in the same order (the rows keep one shape). */
function emptyCounts(): WeeklyCounts {
  const c = { mentorToProtege: 0, protegeToMentor: 0, total: 0, delivered: 0, rejected: 0, failed: 0, pending: 0, held: 0, approved: 0, approvedWithEdits: 0, flagged: 0 } as WeeklyCounts;
  for (const f of flagFields) c[f as `flags${string}`] = 0;
  return c;
}

/** Counts being added up: the flag types in an array until they are done (a field by name per message is slow). */
class Tally {
  readonly counts = emptyCounts();
  readonly flags: number[] = flagTypes.map(() => 0);

  done(): WeeklyCounts {
    for (let i = 0; i < flagFields.length; i++) this.counts[flagFields[i] as `flags${string}`] = this.flags[i]!;
    return this.counts;
  }
}

/**
 * Counts a flagged message's flag types. The flags are JSON the relay wrote itself, where
 * `"type":"phone"` can only be a flag's type (a quote inside a string is escaped).
 */
function countFlags(t: Tally, flags: string): void {
  if (flags === '[]') return;
  t.counts.flagged++;
  let seen = 0; // a bit per type: a message with two phone flags is one message with a phone flag
  for (const m of flags.matchAll(/"type":"([a-z-]+)"/g)) {
    const i = flagIndex.get(m[1]!);
    if (i !== undefined && !(seen & (1 << i))) {
      seen |= 1 << i;
      t.flags[i]!++;
    }
  }
}

/** Counts one message: its direction, where its review stands, its flags. */
function countMessage(t: Tally, m: ReportMessage): void {
  const c = t.counts;
  c.total++;
  if (m.direction === 'mentor_to_protege') c.mentorToProtege++;
  else c.protegeToMentor++;
  if (m.status === 'held') c.held++;
  else if (m.status === 'rejected') c.rejected++;
  else {
    // approved, delivered or failed: a reviewer (or screening, in hold-flagged mode) approved it.
    c.approved++;
    if (m.status === 'delivered') c.delivered++;
    else if (m.status === 'failed') c.failed++;
  }
  if (m.status === 'held' || m.status === 'approved') c.pending++;
  if (m.edited) c.approvedWithEdits++;
  countFlags(t, m.flags);
}

/** The week of the range an instant falls in (the weeks are in order). */
const weekOf = (weeks: Week[], at: number) => weeks.find((w) => at < w.endMs)!;

/** A pair's row for a week: open at some time in it (a pending pair is not open), or written in it. */
const openDuring = (p: { status: string; started_at: number; ended_at: number | null }, w: Week) =>
  p.status !== 'pending' && Number(p.started_at) < w.endMs && (p.ended_at === null || Number(p.ended_at) >= w.startMs);

/** The whole program's weeks: index counts per week, and the flagged messages' types. */
async function programWeeks(db: Kysely<Database>, weeks: Week[]): Promise<WeeklyRow[]> {
  const [rows, flagged] = await Promise.all([weeklyCounts(db, weeks), flaggedBetween(db, weeks[0]!.startMs, weeks.at(-1)!.endMs)]);
  const tallies = rows.map((r) => {
    const t = new Tally();
    const c = t.counts;
    const [total, m2p, held, approved, failed, rejected] = [r.total, r.mentor_to_protege, r.held, r.approved, r.failed, r.rejected].map(Number) as [number, number, number, number, number, number];
    const delivered = total - held - approved - failed - rejected;
    Object.assign(c, { mentorToProtege: m2p, protegeToMentor: total - m2p, total, delivered, rejected, failed, pending: held + approved, held, approved: approved + delivered + failed, approvedWithEdits: Number(r.edited) });
    return t;
  });
  // In the order received: the week moves forward only.
  let i = 0;
  for (const f of flagged) {
    while (Number(f.received_at) >= weeks[i]!.endMs) i++;
    countFlags(tallies[i]!, f.flags);
  }
  return rows.map((r, i) => ({ week: r.week, weekStart: r.week_start, ...tallies[i]!.done() }) as WeeklyRow);
}

/**
 * Every pair's weeks, from one read of the range's messages: a row for each week a pair was open or
 * had messages, with its counts and activity.
 */
async function pairWeeks(db: Kysely<Database>, weeks: Week[], domain: string) {
  const start = weeks[0]!.startMs;
  const [pairs, messages, before] = await Promise.all([pairsForReport(db), messagesBetween(db, start, weeks.at(-1)!.endMs), pairContextBefore(db, start)]);
  const counts = new Map<string, Tally>();
  for (const m of messages) {
    const key = `${m.pair_id}:${weekOf(weeks, Number(m.received_at)).week}`;
    let t = counts.get(key);
    if (!t) counts.set(key, (t = new Tally()));
    countMessage(t, m);
  }
  const rows: (WeeklyRow & { pairId: number; alias: string })[] = [];
  const pairsById = new Map(pairs.map((p) => [p.id, p]));
  for (const w of weeks) {
    for (const p of pairs) {
      const t = counts.get(`${p.id}:${w.week}`);
      if (!t && !openDuring(p, w)) continue;
      rows.push({ week: w.week, weekStart: w.weekStart, pairId: p.id, alias: `${p.alias}@${domain}`, ...(t ? t.done() : emptyCounts()) } as WeeklyRow & { pairId: number; alias: string });
    }
  }
  return { rows, before, messages, pairsById };
}

/**
 * Each organization's weeks, summed from its pairs' rows: a pair one of its people is in counts once
 * (even when both are of the organization). People without one are gathered under a null one.
 */
async function organizationWeeks(db: Kysely<Database>, weeks: Week[], domain: string): Promise<WeeklyRow[]> {
  const [{ rows, pairsById }, names] = await Promise.all([pairWeeks(db, weeks, domain), organizationNames(db)]);
  const name = new Map(names.map((o) => [o.id, o.name]));
  const organizations = [...new Set([...pairsById.values()].flatMap((p) => [p.mentor_org, p.protege_org]))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : (name.get(a) ?? '').localeCompare(name.get(b) ?? '') || a - b,
  );
  const out = new Map<string, WeeklyRow>();
  for (const w of weeks) {
    for (const o of organizations) {
      out.set(`${w.week}:${o}`, { week: w.week, weekStart: w.weekStart, organizationId: o, organization: o === null ? null : (name.get(o) ?? null), pairs: 0, pairsBothWrote: 0, ...emptyCounts() } as WeeklyRow);
    }
  }
  for (const r of rows) {
    const p = pairsById.get(r.pairId)!;
    for (const o of new Set([p.mentor_org, p.protege_org])) {
      const row = out.get(`${r.week}:${o}`)!;
      row.pairs!++;
      if (r.mentorToProtege > 0 && r.protegeToMentor > 0) row.pairsBothWrote!++;
      for (const k of countColumns) (row as unknown as Record<string, number>)[k]! += (r as unknown as Record<string, number>)[k]!;
    }
  }
  return [...out.values()];
}

/**
 * Messages the relay accepted, per ISO week of their arrival (weeks start Monday in the program's
 * time zone), by direction, review outcome and flag type. Every week of the range has a row; by pair,
 * every pair that was open or had messages that week has one (a pending pair is not open yet); by
 * organization, every organization with someone in a pair has one.
 */
export async function weeklyStats(
  db: Kysely<Database>,
  options: { from?: string; to?: string; by: WeeklyBy; timeZone: string; domain: string; now: number },
): Promise<WeeklyRow[]> {
  const weeks = reportWeeks(options, options.timeZone, options.now);
  if (options.by === 'organization') return organizationWeeks(db, weeks, options.domain);
  if (options.by === 'program') return programWeeks(db, weeks);
  const { rows, before, messages } = await pairWeeks(db, weeks, options.domain);
  return addActivity(rows, before, pairActivity(weeks, before, messages));
}
