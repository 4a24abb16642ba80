import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface PairContext {
  pair_id: number;
  /** Each side's latest message received before the instant. */
  last_m: number | null;
  last_p: number | null;
  /** When the last run of one side's messages before the instant began: what a first reply after it answers. */
  run_start: number | null;
}

/**
 * Where each pair's exchange stood at an instant: each side's latest message before it and when the
 * unanswered run of the side that wrote last began. One index seek per pair and side
 * (messages_pair_direction_received), however long the history; MATERIALIZED keeps SQLite and
 * PostgreSQL from evaluating the inner seeks once per use.
 */
export const pairContextBefore = (db: Kysely<Database>, before: number) =>
  sql<PairContext>`with l as materialized (
      select p.id as pair_id,
        (select max(m.received_at) from messages m where m.pair_id = p.id and m.direction = 'mentor_to_protege' and m.received_at < ${before}) as last_m,
        (select max(m.received_at) from messages m where m.pair_id = p.id and m.direction = 'protege_to_mentor' and m.received_at < ${before}) as last_p
      from pairs p
    )
    select l.pair_id, l.last_m, l.last_p,
      case
        when coalesce(l.last_m, -1) >= coalesce(l.last_p, -1) then
          (select min(m.received_at) from messages m where m.pair_id = l.pair_id and m.direction = 'mentor_to_protege' and m.received_at > coalesce(l.last_p, -1) and m.received_at < ${before})
        else
          (select min(m.received_at) from messages m where m.pair_id = l.pair_id and m.direction = 'protege_to_mentor' and m.received_at > coalesce(l.last_m, -1) and m.received_at < ${before})
      end as run_start
    from l
    where l.last_m is not null or l.last_p is not null`
    .execute(db)
    .then((r) => r.rows);
