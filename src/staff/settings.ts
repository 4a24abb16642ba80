import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** A value the relay makes once and keeps (a signing key): read it, or store `make()` the first time. */
export async function settingOrCreate(db: Kysely<Database>, key: string, make: () => string): Promise<string> {
  const existing = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (existing) return existing.value;
  // Two processes starting at once: the first insert wins and both read it back.
  await db.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}
