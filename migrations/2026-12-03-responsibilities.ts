import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// The responsibility matrix: for each administrative task of launching and running the program, one
// organization and one person of it responsible. Also the program's audit trail (program_events,
// generic: any entity of the program, not only responsibilities), the record of each time the written
// sheet was mailed to the organizers (sheet_sends, with the matrix as it was sent), and the outbox
// column that ties a `sheet` mail to its send. Frozen in time: never imports application code, never
// reads a file; the default tasks are written out below.

const onPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const idColumn = (db: Kysely<any>) => (c: ColumnDefinitionBuilder) =>
  onPostgres(db) ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement();
const millis = (db: Kysely<any>) => (onPostgres(db) ? 'bigint' : 'integer');

/**
 * The 27 tasks of the program's source document ("key administrative and management tasks for an
 * online mentoring program"), in its order and wording; a task's parenthesised second line is part of
 * it, and "protegé" is spelt as the document spells it.
 */
const defaultTasks = Object.freeze([
  'recruiting mentors',
  'producing online mentoring orientation materials',
  'producing protegé orientation materials',
  'delivery of orientation materials face-to-face to mentors (as appropriate for your program)',
  'delivery of orientation materials face-to-face to protegés (as appropriate for your program)',
  'delivery/presentation of all program materials to appear on the World Wide Web (as appropriate for your program)',
  'training of staff that will supervise participants in this program',
  'communicating regularly with program supervisors/coordinators about the program (answering questions, trouble-shooting, etc.)',
  'reviewing potential mentor applications',
  'communicating regularly with potential mentors about the program (answering questions, trouble-shooting, etc.)',
  'performing background checks on potential mentors',
  'approving potential mentors',
  'notifying accepted mentors',
  'orienting accepted mentors',
  'communicating regularly with accepted mentors (soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
  'approving each protegés participation (reviewing grades, parental permission slips, etc.)',
  'orienting protegés',
  'communicating regularly with protegés about the program (soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
  'communicating regularly with parents of youth involved in the program (orienting them about the program, soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
  'designing system (e-mail, web site, bulletin board) where mentor and protegés will interact; and where all messages will be archived.',
  'hosting system where mentor and protegés will interact; and where all messages will be archived.',
  'reviewing (and, if appropriate, approving and forwarding) all electronic exchanges between mentors and protegés',
  'tracking and reporting on results of exchanges between mentors and protegés',
  'tracking and reporting on results of recruiting and orienting mentors, results of communications with mentors, and other administrative tasks involving mentors',
  'tracking and reporting on results of orienting youth, results of communications with youth about the program, and other administrative tasks involving youth',
  'tracking and reporting on results of parent relations and parents questions, concerns and interests in the program',
  'reviewing and evaluating all results of all tasks as reported, and communicating this evaluation',
] as const);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('responsibilities')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', millis(db), (c) => c.notNull())
    .addColumn('updated_at', millis(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('responsibilities_position').on('responsibilities').column('position').execute();

  const at = Date.UTC(2026, 11, 3); // the default list's date, as the reject templates have theirs
  await db
    .insertInto('responsibilities')
    .values(defaultTasks.map((task, i) => ({ position: i + 1, task, organization_id: null, person_id: null, retired: 0, created_at: at, updated_at: at })))
    .execute();

  // Append-only audit trail of program changes (who, when, before → after): responsibilities today,
  // onboarding and other program records later. `detail` is JSON.
  await db.schema
    .createTable('program_events')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', millis(db), (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('program_events_entity').on('program_events').columns(['entity', 'entity_id']).execute();

  // Each time the sheet was mailed: to whom, and the matrix as it was sent (rows as JSON, and their
  // hash, so a page can tell whether the matrix changed since).
  await db.schema
    .createTable('sheet_sends')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('sent_at', millis(db), (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('matrix_hash', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute();

  // A `sheet` mail is composed from its send's snapshot: what the organizer receives is what was recorded as sent.
  await db.schema.alterTable('outbox').addColumn('sheet_send_id', 'integer', (c) => c.references('sheet_sends.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('outbox').where('kind', '=', 'sheet').execute();
  await db.schema.alterTable('outbox').dropColumn('sheet_send_id').execute();
  await db.schema.dropTable('sheet_sends').execute();
  await db.schema.dropTable('program_events').execute();
  await db.schema.dropTable('responsibilities').execute();
}
