import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Week } from './weeks.js';

/** The weeks as an inline table; VALUES in a CTE reads the same in SQLite and PostgreSQL. */
function weeksTable(weeks: Week[]) {
  return sql`weeks(week, week_start, start_ms, end_ms) as (values ${sql.join(
    weeks.map((w) => sql`(${w.week}, ${w.weekStart}, ${w.startMs}, ${w.endMs})`),
  )})`;
}

/** Messages of the week `w` that meet a condition, counted on an index that ends in received_at. */
const inWeek = (condition: RawBuilder<unknown> | null) =>
  sql`(select count(*) from messages m where ${condition ?? sql`1 = 1`} and m.received_at >= w.start_ms and m.received_at < w.end_ms)`;

export interface WeekCountRow {
  week: string;
  week_start: string;
  total: number;
  mentor_to_protege: number;
  held: number;
  approved: number;
  failed: number;
  rejected: number;
  edited: number;
}

/**
 * The whole program's messages per week: each count is a range count on its own index
 * (messages_received, messages_direction_received, messages_status_received, the partial
 * messages_edited_received), so a week costs its index entries, not its rows. The statuses are
 * held, approved, delivered, failed and rejected: the delivered (most of them) are the rest.
 */
export const weeklyCounts = (db: Kysely<Database>, weeks: Week[]) =>
  sql<WeekCountRow>`with ${weeksTable(weeks)}
    select w.week, w.week_start,
      ${inWeek(null)} as total,
      ${inWeek(sql`m.direction = 'mentor_to_protege'`)} as mentor_to_protege,
      ${inWeek(sql`m.status = 'held'`)} as held,
      ${inWeek(sql`m.status = 'approved'`)} as approved,
      ${inWeek(sql`m.status = 'failed'`)} as failed,
      ${inWeek(sql`m.status = 'rejected'`)} as rejected,
      ${inWeek(sql`m.forward_archive_id is not null`)} as edited
    from weeks w
    order by w.week_start`
    .execute(db)
    .then((r) => r.rows);

/** The flagged messages received in [start, end): when, and their flags (JSON), from the covering partial index messages_flagged_received. */
export const flaggedBetween = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('messages')
    .select(['received_at', 'flags'])
    // A literal, not a parameter: only then can SQLite see that the partial index covers the query.
    .where(sql<boolean>`flags <> '[]'`)
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .orderBy('received_at')
    .execute();

/** The messages received in [start, end) with what the by-pair report counts, by pair and in the order received. */
export const messagesBetween = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('messages')
    .select(['pair_id', 'direction', 'received_at', 'decided_at', 'status', 'flags'])
    .select((eb) => eb('forward_archive_id', 'is not', null).as('edited'))
    .where('received_at', '>=', start)
    .where('received_at', '<', end)
    .orderBy('pair_id')
    .orderBy('received_at')
    .orderBy('id')
    .execute();

export type ReportMessage = Awaited<ReturnType<typeof messagesBetween>>[number];

/** Every pair with when it was open and its two participants' organizations. */
export const pairsForReport = (db: Kysely<Database>) =>
  db
    .selectFrom('pairs as p')
    .innerJoin('people as mp', 'mp.id', 'p.mentor_id')
    .innerJoin('people as pp', 'pp.id', 'p.protege_id')
    .select(['p.id', 'p.alias', 'p.status', 'p.started_at', 'p.ended_at', 'mp.organization_id as mentor_org', 'pp.organization_id as protege_org'])
    .orderBy('p.id')
    .execute();

/** Every organization by id, with its name. */
export const organizationNames = (db: Kysely<Database>) => db.selectFrom('organizations').select(['id', 'name']).execute();
