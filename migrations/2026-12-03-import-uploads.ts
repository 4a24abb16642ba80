import { PostgresAdapter, type Kysely } from 'kysely';

// Files uploaded on the import page, kept from the dry run to the confirmation (and purged after a
// day): the import then runs on the very bytes that were previewed. Frozen in time: never imports
// application code.

const millis = (db: Kysely<any>) => (db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey()) // random, unguessable
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_users.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // people | pairs
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_uploads_created').on('import_uploads').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_uploads').execute();
}
