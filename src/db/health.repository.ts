import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** Reads one row of a real table: the database is open, migrated and answering. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('pairs').select('id').limit(1).execute();
}
