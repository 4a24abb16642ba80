import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { OutboxRow } from './outbox.table.js';
import { recordEvent } from '../messages/event.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

export const WITHDRAWN_ERROR = 'withdrawn: the pair was closed';

/**
 * For the claim query: a row is due unless it is a forward whose pair is not active. A forward of a
 * paused pair waits, neither attempted nor failed, and goes out when the pair is active again.
 */
export const unlessPairInactive = (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.or([
    eb('outbox.kind', '!=', 'forward'),
    eb.exists(
      eb
        .selectFrom('messages as gm')
        .innerJoin('pairs as gp', 'gp.id', 'gm.pair_id')
        .select('gm.id')
        .whereRef('gm.id', '=', 'outbox.message_id')
        .where('gp.status', '=', 'active'),
    ),
  ]);

/**
 * Withdraws every forward still queued for a pair that is being closed, in the caller's transaction
 * (the one that closes it): the outbox row goes, the message is `failed` with a `withdrawn` event,
 * and nothing of it is ever sent. Returns the withdrawn messages' ids.
 */
export async function withdrawQueuedForwards(trx: Transaction<Database>, pairId: number, actor: string, at: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .select(['outbox.id', 'outbox.message_id'])
    .where('outbox.kind', '=', 'forward')
    .where('messages.pair_id', '=', pairId)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.message_id!);
  await trx.deleteFrom('outbox').where('id', 'in', rows.map((r) => r.id)).execute();
  await trx.updateTable('messages').set({ status: 'failed', last_error: WITHDRAWN_ERROR }).where('id', 'in', ids).where('status', '=', 'approved').execute();
  await recordEvent(trx, ids, 'withdrawn', actor, { reason: 'the pair was closed before delivery', pairId }, at);
  return ids;
}

/**
 * Asked by the worker just before it sends a claimed row: may it still go? A forward whose pair was
 * paused since the claim is released (it waits, no attempt counted); one whose pair was closed is
 * withdrawn (if closing has not done so already, the row is gone). Anything but a forward may go.
 */
export function mayStillSend(db: Kysely<Database>, row: OutboxRow, at: number): Promise<boolean> {
  if (row.kind !== 'forward') return Promise.resolve(true);
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .innerJoin('pairs', 'pairs.id', 'messages.pair_id')
      .select(['pairs.id as pair_id', 'pairs.status'])
      .where('outbox.id', '=', row.id)
      .executeTakeFirst();
    if (!current) return false; // withdrawn meanwhile (the pair was closed): the event says so
    if (current.status === 'active') return true;
    if (current.status === 'closed') {
      await withdrawQueuedForwards(trx, current.pair_id, 'relay', at);
      return false;
    }
    await trx.updateTable('outbox').set({ claimed_by: null, claim_expires_at: null }).where('id', '=', row.id).execute();
    return false;
  });
}
