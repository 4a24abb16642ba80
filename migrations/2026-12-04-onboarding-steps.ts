import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Onboarding pipelines: each step a mentor or a protégé goes through (an application reviewed, a
// background check, approval, orientation ...) is one row per attempt, so a failed step and its new
// attempt both stay on record; the pipeline shows the latest row of each step. Frozen in time: never
// imports application code.

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const idColumn = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement();
const millis = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('onboarding_steps')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    // done | cleared (a background check) | failed
    .addColumn('status', 'text', (c) => c.notNull())
    // When the step happened (the coordinator may record it later), and who recorded it.
    .addColumn('at', millis(db), (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    // A cleared background check's expiry.
    .addColumn('expires_at', millis(db))
    // The guardian who gave a parental permission (guardians get their own table later).
    .addColumn('guardian_id', 'integer')
    .addColumn('recorded_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('onboarding_steps_person').on('onboarding_steps').columns(['person_id', 'step']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('onboarding_steps').execute();
}
