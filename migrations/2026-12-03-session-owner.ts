import type { Kysely } from 'kysely';

// Each web session names the staff account it logged in, so disabling an account (or giving it a
// new password) ends its sessions at once, and enabling it again revives none. Frozen in time:
// never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('web_sessions').addColumn('staff_id', 'integer').execute();
  await db.schema.createIndex('web_sessions_staff').on('web_sessions').column('staff_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('web_sessions_staff').execute();
  await db.schema.alterTable('web_sessions').dropColumn('staff_id').execute();
}
