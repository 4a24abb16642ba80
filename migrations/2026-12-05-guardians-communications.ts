import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Guardians and the communications log. A guardian is a person (role parent) linked to a protégé:
// a parent of two children is one person with two links. The communications log holds each contact
// staff had with a mentor, a protégé or a parent (a staff check-in is kind `check-in`), with an
// optional follow-up. Frozen in time: never imports application code.

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const idColumn = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement();
const millis = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('guardians')
    .addColumn('protege_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    // As the coordinator wrote it: mother, father, guardian, foster parent ...
    .addColumn('relationship', 'text', (c) => c.notNull())
    // E.164; on the link, not the person: the number to call about this child.
    .addColumn('phone', 'text')
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .addUniqueConstraint('guardians_protege_person', ['protege_id', 'person_id'])
    .execute();
  await db.schema.createIndex('guardians_person').on('guardians').column('person_id').execute();

  await db.schema
    .createTable('communications')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    // email | phone | text | video | in-person | letter | other
    .addColumn('channel', 'text', (c) => c.notNull())
    // Free, lower-cased; `check-in` for a staff check-in.
    .addColumn('kind', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    // When the contact happened (the coordinator may record it later), and who recorded it when.
    .addColumn('at', millis(db), (c) => c.notNull())
    .addColumn('follow_up_due', millis(db))
    .addColumn('follow_up_done_at', millis(db))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('recorded_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('communications_person').on('communications').columns(['person_id', 'at']).execute();
  // The latest check-in of each person.
  await db.schema.createIndex('communications_kind').on('communications').columns(['kind', 'person_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('communications').execute();
  await db.schema.dropTable('guardians').execute();
}
