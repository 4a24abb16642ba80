import { PostgresAdapter, type Kysely } from 'kysely';

// Screening runs after a message is stored: screened_at marks the messages it has read. A trusted
// pair's unflagged messages may be approved automatically (moderation mode hold-flagged).
// Frozen in time: never imports application code.

const millis = (db: Kysely<any>) => (db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('screened_at', millis(db)).execute();
  await db.schema.createIndex('messages_unscreened').on('messages').columns(['screened_at', 'id']).execute();
  await db.schema.alterTable('pairs').addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pairs').dropColumn('trusted').execute();
  await db.schema.dropIndex('messages_unscreened').execute();
  await db.schema.alterTable('messages').dropColumn('screened_at').execute();
}
