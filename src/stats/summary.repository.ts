import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Direction } from '../messages/message.table.js';

/**
 * Pairs open at some time in [start, end) (started before the end, not closed before the start; never
 * a pending one), with each side's latest message received before the end: one seek per pair and side
 * (messages_pair_direction_received).
 */
export const pairsOpenDuring = (db: Kysely<Database>, start: number, end: number) =>
  db
    .selectFrom('pairs as p')
    .select(['p.id', 'p.status', 'p.started_at'])
    .select((eb) => {
      const last = (direction: Direction) =>
        eb
          .selectFrom('messages as m')
          .select((m) => m.fn.max('m.received_at').as('at'))
          .whereRef('m.pair_id', '=', 'p.id')
          .where('m.direction', '=', direction)
          .where('m.received_at', '<', end);
      return [last('mentor_to_protege').as('last_m'), last('protege_to_mentor').as('last_p')];
    })
    .where('p.status', '!=', 'pending')
    .where('p.started_at', '<', end)
    .where((eb) => eb.or([eb('p.ended_at', 'is', null), eb('p.ended_at', '>=', start)]))
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

/** Each pair's alias and its two participants, with their names. */
export async function pairNames(db: Kysely<Database>, ids: number[]) {
  const out: { id: number; alias: string; mentor_id: number; protege_id: number; mentor: string; protege: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('pairs as p')
        .innerJoin('people as m', 'm.id', 'p.mentor_id')
        .innerJoin('people as s', 's.id', 'p.protege_id')
        .select(['p.id', 'p.alias', 'p.mentor_id', 'p.protege_id', 'm.name as mentor', 's.name as protege'])
        .where('p.id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}
