import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code, so it means the same thing in two years.
// Timestamps are integer milliseconds since the epoch; ids are integer keys. The two places where
// SQLite and PostgreSQL spell a type differently are the helpers below.

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const idColumn = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement();
const bytes = (db: Kysely<any>) => (onPostgres(db) ? 'bytea' : 'blob');
const millis = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();

  // Several addresses per person: mail clients often reply from another identity.
  await db.schema
    .createTable('person_emails')
    .addColumn('address', 'text', (c) => c.primaryKey()) // lower-cased
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_emails_person').on('person_emails').column('person_id').execute();

  await db.schema
    .createTable('pairs')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('alias', 'text', (c) => c.notNull().unique()) // local part, lower-cased
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('protege_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', millis(db), (c) => c.notNull())
    .addColumn('ended_at', millis(db))
    .execute();

  // The raw message as received, byte-exact, in parts of at most 1 MiB: a 25 MB message never has to
  // sit in memory as one piece (in our process or in SQLite's) while it is archived.
  await db.schema
    .createTable('message_archive')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('envelope_from', 'text', (c) => c.notNull())
    .addColumn('envelope_to', 'text', (c) => c.notNull()) // JSON array
    .addColumn('remote_address', 'text')
    .addColumn('received_at', millis(db), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('message_archive_parts')
    .addColumn('archive_id', 'integer', (c) => c.notNull().references('message_archive.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', bytes(db), (c) => c.notNull())
    .addPrimaryKeyConstraint('message_archive_parts_pk', ['archive_id', 'seq'])
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id'))
    .addColumn('archive_id', 'integer', (c) => c.notNull().references('message_archive.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('recipient_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('sender_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('original_message_id', 'text')
    .addColumn('relay_message_id', 'text', (c) => c.notNull().unique())
    .addColumn('received_at', millis(db), (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', millis(db))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('delivered_at', millis(db))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('messages_status').on('messages').columns(['status', 'id']).execute();
  await db.schema.createIndex('messages_pair').on('messages').columns(['pair_id', 'id']).execute();
  await db.schema.createIndex('messages_received').on('messages').column('received_at').execute();
  // The threading map, both ways: the ID a sender's client made, and the ID the relay gave its copy.
  await db.schema.createIndex('messages_original_id').on('messages').columns(['pair_id', 'original_message_id']).execute();

  // Append-only audit trail: nothing updates or deletes these rows.
  await db.schema
    .createTable('message_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('message_id', 'integer', (c) => c.notNull().references('messages.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', millis(db), (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('message_events_message').on('message_events').columns(['message_id', 'id']).execute();

  // A row per approved message until it is delivered or has failed for good. Workers claim rows
  // with a lease (claimed_by + claim_expires_at), so several relay instances can share the queue.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('message_id', 'integer', (c) => c.references('messages.id')) // null: mail about no one message (a digest)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', millis(db), (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', millis(db))
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').column('next_attempt_at').execute();
  await db.schema.createIndex('outbox_message').on('outbox').column('message_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .addColumn('revoked_at', millis(db))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['api_tokens', 'outbox', 'message_events', 'messages', 'message_archive_parts', 'message_archive', 'pairs', 'person_emails', 'people', 'organizations']) {
    await db.schema.dropTable(t).execute();
  }
}
