import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { flagTypes, type FlagType } from '../screening/types.js';
import { withActivity } from './pair-activity.js';
import { flagColumn, organizationsInPairs, weeklyCounts, weeklyCountsByOrganization, weeklyCountsByPair, type CountRow } from './weekly.repository.js';
import { reportWeeks } from './weeks.js';

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

function toCounts(r: CountRow): WeeklyCounts {
  const counts: WeeklyCounts = {
    mentorToProtege: Number(r.mentor_to_protege),
    protegeToMentor: Number(r.protege_to_mentor),
    total: Number(r.total),
    delivered: Number(r.delivered),
    rejected: Number(r.rejected),
    failed: Number(r.failed),
    pending: Number(r.pending),
    held: Number(r.held),
    approved: Number(r.approved),
    approvedWithEdits: Number(r.approved_with_edits),
    flagged: Number(r.flagged),
  };
  for (const t of flagTypes) counts[flagField(t) as `flags${string}`] = Number(r[flagColumn(t)] ?? 0);
  return counts;
}

const zeroCounts = (): WeeklyCounts => toCounts({ week: '', week_start: '', total: 0, mentor_to_protege: 0, protege_to_mentor: 0, delivered: 0, rejected: 0, failed: 0, pending: 0, held: 0, approved: 0, approved_with_edits: 0, flagged: 0 });

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
  const base = (r: CountRow) => ({ week: r.week, weekStart: r.week_start });
  if (options.by === 'pair') {
    const { rows } = await weeklyCountsByPair(db, weeks);
    const counted = rows.map((r) => ({ ...base(r), pairId: Number(r.pair_id), alias: `${r.alias}@${options.domain}`, ...toCounts(r) }));
    return (await withActivity(db, weeks, counted)) as WeeklyRow[];
  }
  if (options.by === 'organization') {
    const [{ rows }, { rows: organizations }] = await Promise.all([weeklyCountsByOrganization(db, weeks), organizationsInPairs(db)]);
    const found = new Map(rows.map((r) => [`${r.week}:${r.organization_id}`, r]));
    return weeks.flatMap((w) =>
      organizations.map((o) => {
        const r = found.get(`${w.week}:${o.organization_id}`);
        return {
          week: w.week,
          weekStart: w.weekStart,
          organizationId: o.organization_id === null ? null : Number(o.organization_id),
          organization: o.organization,
          pairs: Number(r?.pairs ?? 0),
          pairsBothWrote: Number(r?.pairs_both_wrote ?? 0),
          ...(r ? toCounts(r) : zeroCounts()),
        };
      }),
    );
  }
  const { rows } = await weeklyCounts(db, weeks);
  return rows.map((r) => ({ ...base(r), ...toCounts(r) }));
}
