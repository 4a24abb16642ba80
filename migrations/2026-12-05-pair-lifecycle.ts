import { PostgresAdapter, type Kysely } from 'kysely';

// A pair's life after it is created: it may wait for onboarding (status `pending`), be paused by the
// relay itself (an expired background check: `status_reason`), and be closed with a reason and a
// rematch decision. An expired check is noticed once (`expiry_noticed_at`), and the mail that tells
// the person responsible is composed from the program event that recorded it (`outbox.event_id`).
// Frozen in time: never imports application code.

const millis = (db: Kysely<any>) => (db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer');

export async function up(db: Kysely<any>): Promise<void> {
  // Why the relay, not a person, paused the pair (`background-check-expired`); null otherwise.
  await db.schema.alterTable('pairs').addColumn('status_reason', 'text').execute();
  // completed | mentor-initiated | protege-initiated | safety | other, with a note and whether the
  // participants are to be matched again.
  await db.schema.alterTable('pairs').addColumn('close_reason', 'text').execute();
  await db.schema.alterTable('pairs').addColumn('close_note', 'text').execute();
  await db.schema.alterTable('pairs').addColumn('rematch', 'integer').execute();
  await db.schema.alterTable('onboarding_steps').addColumn('expiry_noticed_at', millis(db)).execute();
  await db.schema.alterTable('outbox').addColumn('event_id', 'integer', (c) => c.references('program_events.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('outbox').where('kind', '=', 'lifecycle').execute();
  await db.schema.alterTable('outbox').dropColumn('event_id').execute();
  await db.schema.alterTable('onboarding_steps').dropColumn('expiry_noticed_at').execute();
  for (const c of ['rematch', 'close_note', 'close_reason', 'status_reason']) await db.schema.alterTable('pairs').dropColumn(c).execute();
  await db.updateTable('pairs').set({ status: 'closed' }).where('status', '=', 'pending').execute();
}
