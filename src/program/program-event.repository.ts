import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { ProgramEntity } from './responsibility.table.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProgramEvent {
  entity: ProgramEntity;
  entityId: number;
  type: string;
  actor: string;
  /** From the relay's clock. */
  at: number;
  /** Before → after, with ids and names, so the history reads well after the names have changed. */
  detail: Record<string, unknown>;
}

/** Writes one program event in the caller's transaction, beside the change it records; resolves its id. */
export async function recordProgramEvent(trx: Transaction<Database>, e: ProgramEvent): Promise<number> {
  const row = await trx
    .insertInto('program_events')
    .values({ entity: e.entity, entity_id: e.entityId, type: e.type, actor: e.actor, at: e.at, detail: JSON.stringify(e.detail) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const findProgramEvent = (db: Db, id: number) => db.selectFrom('program_events').selectAll().where('id', '=', id).executeTakeFirst();

/** The events of one record, or of every record of an entity, newest first. */
export function listProgramEvents(db: Db, entity: ProgramEntity, entityId?: number, limit = 200) {
  let q = db.selectFrom('program_events').selectAll().where('entity', '=', entity);
  if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** How many events an entity has: the number of the next import run. */
export async function countProgramEvents(db: Db, entity: ProgramEntity): Promise<number> {
  const row = await db.selectFrom('program_events').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', '=', entity).executeTakeFirstOrThrow();
  return Number(row.n);
}
