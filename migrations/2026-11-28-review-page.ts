import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Staff accounts and web sessions for the review page, rejection templates, edited copies, and
// sender notifications through the outbox. Frozen in time: never imports application code.

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const idColumn = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement();
const millis = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('email', 'text', (c) => c.notNull().unique()) // lower-cased
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // reviewer | coordinator | admin
    .addColumn('password_hash', 'text', (c) => c.notNull()) // scrypt$N$r$p$salt$hash
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .addColumn('disabled_at', millis(db))
    .execute();

  // Server-side sessions: the cookie carries only a random id.
  await db.schema
    .createTable('web_sessions')
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_expiry').on('web_sessions').column('expires_at').execute();

  // Secrets and small values the relay generates once (the session-signing key).
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reject_templates')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();
  const at = Date.UTC(2026, 10, 28);
  await db
    .insertInto('reject_templates')
    .values([
      { title: 'Contact details', text: 'The message shares personal contact details (a phone number, an address or a social media account). Please keep all contact within the program.', created_at: at },
      { title: 'Meeting outside the program', text: 'The message suggests meeting or talking outside the program. All contact between mentors and students goes through the program.', created_at: at },
      { title: 'Not appropriate', text: 'The message contains content that is not appropriate for the mentoring program.', created_at: at },
    ])
    .execute();

  // An approved-with-edits message is forwarded from an edited copy; the original stays archived.
  await db.schema.alterTable('messages').addColumn('forward_archive_id', 'integer', (c) => c.references('message_archive.id')).execute();
  await db.schema.alterTable('messages').addColumn('attachment_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // forward: the approved message to the other participant; notice: a notification about it (a rejection).
  await db.schema.alterTable('outbox').addColumn('kind', 'text', (c) => c.notNull().defaultTo('forward')).execute();
  await db.schema.alterTable('outbox').addColumn('notice_to', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('notice_to').execute();
  await db.schema.alterTable('outbox').dropColumn('kind').execute();
  await db.schema.alterTable('messages').dropColumn('attachment_count').execute();
  await db.schema.alterTable('messages').dropColumn('forward_archive_id').execute();
  for (const t of ['reject_templates', 'settings', 'web_sessions', 'staff_users']) await db.schema.dropTable(t).execute();
}
