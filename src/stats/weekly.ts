import { stringify } from 'csv-stringify/sync';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { withActivity } from './pair-activity.js';
import { reportWeeks, type Week } from './weeks.js';

export interface WeeklyRow {
  week: string;
  weekStart: string;
  pairId?: number;
  alias?: string;
  mentorToProtege: number;
  protegeToMentor: number;
  total: number;
  delivered: number;
  rejected: number;
  failed: number;
  /** Held or approved and not yet delivered. */
  pending: number;
  /** By pair only (see pair-activity.ts). */
  bothWrote?: boolean;
  lastMentorMessageAt?: string | null;
  lastProtegeMessageAt?: string | null;
  medianReplyMinutes?: number | null;
  medianHoldMinutes?: number | null;
}

const countColumns = ['mentorToProtege', 'protegeToMentor', 'total', 'delivered', 'rejected', 'failed', 'pending'];
const activityColumns = ['bothWrote', 'lastMentorMessageAt', 'lastProtegeMessageAt', 'medianReplyMinutes', 'medianHoldMinutes'];

/** The rows as CSV with a header line, columns in the JSON rows' order. */
export function weeklyCsv(rows: WeeklyRow[], byPair: boolean): string {
  const columns = ['week', 'weekStart', ...(byPair ? ['pairId', 'alias'] : []), ...countColumns, ...(byPair ? activityColumns : [])];
  // true and false as the JSON has them (the library's default writes 1 and an empty field).
  return stringify(rows, { header: true, columns, escape_formulas: true, cast: { boolean: (v) => (v ? 'true' : 'false') } });
}

/** The weeks as an inline table; VALUES in a CTE reads the same in SQLite and PostgreSQL. */
function weeksTable(weeks: Week[]) {
  return sql`weeks(week, week_start, start_ms, end_ms) as (values ${sql.join(
    weeks.map((w) => sql`(${w.week}, ${w.weekStart}, ${w.startMs}, ${w.endMs})`),
  )})`;
}

const counts = sql`
  count(m.id) as total,
  coalesce(sum(case when m.direction = 'mentor_to_protege' then 1 else 0 end), 0) as mentor_to_protege,
  coalesce(sum(case when m.direction = 'protege_to_mentor' then 1 else 0 end), 0) as protege_to_mentor,
  coalesce(sum(case when m.status = 'delivered' then 1 else 0 end), 0) as delivered,
  coalesce(sum(case when m.status = 'rejected' then 1 else 0 end), 0) as rejected,
  coalesce(sum(case when m.status = 'failed' then 1 else 0 end), 0) as failed,
  coalesce(sum(case when m.status in ('held', 'approved') then 1 else 0 end), 0) as pending`;

interface CountRow {
  week: string;
  week_start: string;
  pair_id?: number;
  alias?: string;
  total: number;
  mentor_to_protege: number;
  protege_to_mentor: number;
  delivered: number;
  rejected: number;
  failed: number;
  pending: number;
}

/**
 * Messages the relay accepted, per ISO week of their arrival (weeks start Monday in the program's
 * time zone), by direction and by review outcome. One SQL aggregate; every week of the range has a
 * row, and with `byPair` every pair that was open during that week has one (a pending pair is not open yet).
 */
export async function weeklyStats(
  db: Kysely<Database>,
  options: { from?: string; to?: string; byPair: boolean; timeZone: string; domain: string; now: number },
): Promise<WeeklyRow[]> {
  const weeks = reportWeeks(options, options.timeZone, options.now);
  const query = options.byPair
    ? sql<CountRow>`with ${weeksTable(weeks)}
        select w.week, w.week_start, p.id as pair_id, p.alias, ${counts}
        from weeks w
        cross join pairs p
        left join messages m on m.pair_id = p.id and m.received_at >= w.start_ms and m.received_at < w.end_ms
        where p.status != 'pending' and p.started_at < w.end_ms and (p.ended_at is null or p.ended_at >= w.start_ms)
        group by w.week, w.week_start, p.id, p.alias
        order by w.week_start, p.id`
    : sql<CountRow>`with ${weeksTable(weeks)}
        select w.week, w.week_start, ${counts}
        from weeks w
        left join messages m on m.received_at >= w.start_ms and m.received_at < w.end_ms
        group by w.week, w.week_start
        order by w.week_start`;
  const { rows } = await query.execute(db);
  const counted = rows.map((r) => ({
    week: r.week,
    weekStart: r.week_start,
    ...(options.byPair ? { pairId: Number(r.pair_id), alias: `${r.alias}@${options.domain}` } : {}),
    mentorToProtege: Number(r.mentor_to_protege),
    protegeToMentor: Number(r.protege_to_mentor),
    total: Number(r.total),
    delivered: Number(r.delivered),
    rejected: Number(r.rejected),
    failed: Number(r.failed),
    pending: Number(r.pending),
  }));
  return options.byPair ? withActivity(db, weeks, counted) : counted;
}
