import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** Pairs open at some time in [start, end): started (opened) before the end, not closed before the start; never a pending one. */
export const pairsOpenDuring = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('pairs')
    .select(['id', 'status', 'started_at'])
    .where('status', '!=', 'pending')
    .where('started_at', '<', end)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', start)]))
    .execute();

/** For each pair, its latest message received before `end` in each direction, and whether it wrote in [start, end). */
export const messagesByPair = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('messages')
    .select(['pair_id', 'direction'])
    .select((eb) => eb.fn.max('received_at').as('last_at'))
    .select((eb) => eb.fn.sum(eb.case().when('received_at', '>=', start).then(1).else(0).end()).as('in_week'))
    .where('received_at', '<', end)
    .groupBy(['pair_id', 'direction'])
    .execute();

/** Messages that were waiting for a decision at `end`: received before it and not decided before it. */
export const waitingAt = (db: Kysely<Database>, end: number) =>
  db
    .selectFrom('messages')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('received_at').as('oldest')])
    .where('received_at', '<', end)
    .where((eb) => eb.or([eb('decided_at', 'is', null), eb('decided_at', '>=', end)]))
    .executeTakeFirstOrThrow();

/** The decisions taken in [start, end), with when each message came. */
export const decisionsBetween = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('messages')
    .select(['decided_by', 'received_at', 'decided_at', 'status', 'forward_archive_id'])
    .where('decided_at', '>=', start)
    .where('decided_at', '<', end)
    .where('decided_by', 'is not', null)
    .execute();

/** Each pair's alias and its two participants' names. */
export async function pairNames(db: Kysely<Database>, ids: number[]) {
  const out: { id: number; alias: string; mentor: string; protege: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('pairs as p')
        .innerJoin('people as m', 'm.id', 'p.mentor_id')
        .innerJoin('people as s', 's.id', 'p.protege_id')
        .select(['p.id', 'p.alias', 'm.name as mentor', 's.name as protege'])
        .where('p.id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
