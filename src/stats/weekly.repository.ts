import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import { flagTypes, type FlagType } from '../screening/types.js';
import type { Week } from './weeks.js';

/** The weeks as an inline table; VALUES in a CTE reads the same in SQLite and PostgreSQL. */
function weeksTable(weeks: Week[]) {
  return sql`weeks(week, week_start, start_ms, end_ms) as (values ${sql.join(
    weeks.map((w) => sql`(${w.week}, ${w.weekStart}, ${w.startMs}, ${w.endMs})`),
  )})`;
}

/** The SQL column a flag type's count is read into: `flags_participant_identity`. */
export const flagColumn = (type: FlagType) => `flags_${type.replace(/-/g, '_')}`;

const sum = (condition: RawBuilder<unknown>) => sql`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`;

/**
 * The counts of every weekly row. A message's flags are stored as JSON written by the relay itself,
 * where `"type":"phone"` can only be a flag's type (a quote inside a string is escaped), so a LIKE
 * reads them the same in SQLite and PostgreSQL.
 */
const counts = sql.join(
  [
    sql`count(m.id) as total`,
    sql`${sum(sql`m.direction = 'mentor_to_protege'`)} as mentor_to_protege`,
    sql`${sum(sql`m.direction = 'protege_to_mentor'`)} as protege_to_mentor`,
    sql`${sum(sql`m.status = 'delivered'`)} as delivered`,
    sql`${sum(sql`m.status = 'rejected'`)} as rejected`,
    sql`${sum(sql`m.status = 'failed'`)} as failed`,
    sql`${sum(sql`m.status in ('held', 'approved')`)} as pending`,
    sql`${sum(sql`m.status = 'held'`)} as held`,
    sql`${sum(sql`m.status in ('approved', 'delivered', 'failed') and m.decided_at is not null`)} as approved`,
    sql`${sum(sql`m.forward_archive_id is not null`)} as approved_with_edits`,
    sql`${sum(sql`m.flags <> '[]'`)} as flagged`,
    ...flagTypes.map((t) => sql`${sum(sql`m.flags like ${`%"type":"${t}"%`}`)} as ${sql.ref(flagColumn(t))}`),
  ],
  sql`, `,
);

export type CountRow = {
  week: string;
  week_start: string;
  pair_id?: number;
  alias?: string;
  organization_id?: number | null;
  organization?: string | null;
  pairs?: number;
  pairs_both_wrote?: number;
} & Record<
  'total' | 'mentor_to_protege' | 'protege_to_mentor' | 'delivered' | 'rejected' | 'failed' | 'pending' | 'held' | 'approved' | 'approved_with_edits' | 'flagged',
  number
> &
  Record<string, unknown>;

/** A pair is in a week's rows when it was open at some time in the week, or had messages in it. */
const openDuring = sql`(p.status != 'pending' and p.started_at < w.end_ms and (p.ended_at is null or p.ended_at >= w.start_ms))`;

/** The whole program's messages per week. */
export const weeklyCounts = (db: Kysely<Database>, weeks: Week[]) =>
  sql<CountRow>`with ${weeksTable(weeks)}
    select w.week, w.week_start, ${counts}
    from weeks w
    left join messages m on m.received_at >= w.start_ms and m.received_at < w.end_ms
    group by w.week, w.week_start
    order by w.week_start`.execute(db);

/** Each pair's messages per week, for every week the pair was open or had messages. */
export const weeklyCountsByPair = (db: Kysely<Database>, weeks: Week[]) =>
  sql<CountRow>`with ${weeksTable(weeks)}
    select w.week, w.week_start, p.id as pair_id, p.alias, ${counts}
    from weeks w
    cross join pairs p
    left join messages m on m.pair_id = p.id and m.received_at >= w.start_ms and m.received_at < w.end_ms
    group by w.week, w.week_start, w.start_ms, w.end_ms, p.id, p.alias, p.status, p.started_at, p.ended_at
    having ${openDuring} or count(m.id) > 0
    order by w.week_start, p.id`.execute(db);

/**
 * Each organization's week: the pairs one of its people is in (a pair of two people of one
 * organization counts once), open or written in that week, and their messages. People without an
 * organization are gathered under a null one.
 */
export const weeklyCountsByOrganization = (db: Kysely<Database>, weeks: Week[]) =>
  sql<CountRow>`with ${weeksTable(weeks)},
    pair_orgs(pair_id, organization_id) as (
      select p.id, mp.organization_id from pairs p join people mp on mp.id = p.mentor_id
      union
      select p.id, pp.organization_id from pairs p join people pp on pp.id = p.protege_id
    ),
    pair_weeks as (
      select w.week, w.week_start, p.id as pair_id, ${counts},
        case when ${sum(sql`m.direction = 'mentor_to_protege'`)} > 0 and ${sum(sql`m.direction = 'protege_to_mentor'`)} > 0 then 1 else 0 end as both_wrote
      from weeks w
      cross join pairs p
      left join messages m on m.pair_id = p.id and m.received_at >= w.start_ms and m.received_at < w.end_ms
      group by w.week, w.week_start, w.start_ms, w.end_ms, p.id, p.status, p.started_at, p.ended_at
      having ${openDuring} or count(m.id) > 0
    )
    select pw.week, pw.week_start, po.organization_id, o.name as organization,
      count(*) as pairs, sum(pw.both_wrote) as pairs_both_wrote,
      ${sql.join(
        ['total', 'mentor_to_protege', 'protege_to_mentor', 'delivered', 'rejected', 'failed', 'pending', 'held', 'approved', 'approved_with_edits', 'flagged', ...flagTypes.map(flagColumn)].map(
          (c) => sql`sum(pw.${sql.ref(c)}) as ${sql.ref(c)}`,
        ),
        sql`, `,
      )}
    from pair_weeks pw
    join pair_orgs po on po.pair_id = pw.pair_id
    left join organizations o on o.id = po.organization_id
    group by pw.week, pw.week_start, po.organization_id, o.name
    order by pw.week_start, o.name is null, o.name, po.organization_id`.execute(db);

/** Every organization with someone in a pair, so a week without pairs still has its rows. */
export const organizationsInPairs = (db: Kysely<Database>) =>
  sql<{ organization_id: number | null; organization: string | null }>`
    select distinct x.organization_id, o.name as organization from (
      select mp.organization_id from pairs p join people mp on mp.id = p.mentor_id
      union
      select pp.organization_id from pairs p join people pp on pp.id = p.protege_id
    ) x left join organizations o on o.id = x.organization_id
    order by o.name is null, o.name, x.organization_id`.execute(db);
