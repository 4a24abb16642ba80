import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';

const KEY = 'weekly_report_last_week';

/** The ISO week whose report was last queued by mail, if ever. */
export async function lastMailedWeek(trx: Transaction<Database>): Promise<string | null> {
  const row = await trx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row?.value ?? null;
}

export async function setLastMailedWeek(trx: Transaction<Database>, week: string): Promise<void> {
  await trx.insertInto('settings').values({ key: KEY, value: week }).onConflict((oc) => oc.column('key').doUpdateSet({ value: week })).execute();
}

/** One weekly report mail per recipient, composed from the program event that recorded the week. */
export async function queueReportMails(trx: Transaction<Database>, eventId: number, addresses: readonly string[], at: number): Promise<void> {
  if (addresses.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(addresses.map((address) => ({ kind: 'report' as const, message_id: null, notice_to: address, event_id: eventId, next_attempt_at: at, last_error: null, claimed_by: null, claim_expires_at: null, created_at: at })))
    .execute();
}
