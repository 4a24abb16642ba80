import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Every rejection template, oldest first. */
export const listTemplates = (db: Db) => db.selectFrom('reject_templates').select(['id', 'title', 'text']).orderBy('id').execute();

export const insertTemplate = (db: Db, row: { title: string; text: string; created_at: number }) =>
  db.insertInto('reject_templates').values(row).returning(['id', 'title', 'text']).executeTakeFirstOrThrow();

/** The template as changed; undefined when there is no template `id`. */
export const updateTemplate = (db: Db, id: number, change: { title: string; text: string }) =>
  db.updateTable('reject_templates').set(change).where('id', '=', id).returning(['id', 'title', 'text']).executeTakeFirst();

/** False when there was no template `id`. */
export async function deleteTemplate(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('reject_templates').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
