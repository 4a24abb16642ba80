import type { Kysely } from 'kysely';

// Sender authentication: the client's HELO name beside the envelope the archive already keeps, and
// what SPF, DKIM, DMARC and ARC found (JSON), per received message. Frozen in time: never imports
// application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('message_archive').addColumn('helo', 'text').execute();
  await db.schema.alterTable('message_archive').addColumn('sender_auth', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('message_archive').dropColumn('sender_auth').execute();
  await db.schema.alterTable('message_archive').dropColumn('helo').execute();
}
