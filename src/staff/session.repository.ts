import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a web session's data, replacing what was stored under `sid`. */
export const saveSession = (db: Db, sid: string, data: string, expiresAt: number, staffId: number | null) =>
  db
    .insertInto('web_sessions')
    .values({ sid, data, expires_at: expiresAt, staff_id: staffId })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expiresAt, staff_id: staffId }))
    .execute();

/** Ends every session of one account (disabled, or given a new password). */
export const deleteSessionsOf = (db: Db, staffId: number) => db.deleteFrom('web_sessions').where('staff_id', '=', staffId).execute();

export const findSession = (db: Db, sid: string) => db.selectFrom('web_sessions').select(['data', 'expires_at']).where('sid', '=', sid).executeTakeFirst();

export const deleteSession = (db: Db, sid: string) => db.deleteFrom('web_sessions').where('sid', '=', sid).execute();

/** A value the relay makes once and keeps (the session cookies' signing key): read it, or store `make()` the first time. */
export async function settingOrCreate(db: Db, key: string, make: () => string): Promise<string> {
  const existing = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (existing) return existing.value;
  // Two processes starting at once: the first insert wins and both read it back.
  await db.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}
