import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { now, toIso } from '../db/time.js';
import { conflict, invalid, notFound } from '../errors.js';
import { nextStatus, type Decision } from './state.js';

export interface DecisionResult {
  id: number;
  status: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
}

/** Reviewers' decisions. Each is one transaction: the status change, its audit event and, on approval, the outbox row. */
export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    /** Called after an approval commits, so the outbound worker need not wait for its next poll. */
    private readonly onApproved: () => void = () => {},
  ) {}

  async approve(id: number, actor: string, note?: string | null): Promise<DecisionResult> {
    const result = await this.decide(id, 'approve', actor, note?.trim() || null);
    this.onApproved();
    return result;
  }

  async reject(id: number, actor: string, reason: string): Promise<DecisionResult> {
    if (!reason.trim()) throw invalid('reason', 'a rejection needs a reason');
    return this.decide(id, 'reject', actor, reason.trim());
  }

  private decide(id: number, decision: Decision, actor: string, text: string | null): Promise<DecisionResult> {
    return this.db.transaction().execute(async (trx) => {
      const message = await trx.selectFrom('messages').select(['id', 'status', 'decided_by', 'decided_at']).where('id', '=', id).executeTakeFirst();
      if (!message) throw notFound(`message ${id}`);
      const status = nextStatus(message.status, decision);
      if (!status) {
        const by = message.decided_by ? ` by ${message.decided_by}${message.decided_at ? ` at ${toIso(message.decided_at)}` : ''}` : '';
        throw conflict(`message ${id} is ${message.status}: already decided${by}`);
      }
      const at = now();
      // The status guard in WHERE makes a concurrent second decision update nothing.
      const updated = await trx
        .updateTable('messages')
        .set(
          decision === 'approve'
            ? { status, decided_by: actor, decided_at: at, note: text }
            : { status, decided_by: actor, decided_at: at, reason: text },
        )
        .where('id', '=', id)
        .where('status', '=', 'held')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw conflict(`message ${id} was already decided`);
      await trx
        .insertInto('message_events')
        .values({ message_id: id, type: decision === 'approve' ? 'approved' : 'rejected', actor, at, detail: text === null ? null : JSON.stringify(decision === 'approve' ? { note: text } : { reason: text }) })
        .execute();
      if (status === 'approved') {
        await trx.insertInto('outbox').values({ message_id: id, next_attempt_at: at, last_error: null, claimed_by: null, claim_expires_at: null, created_at: at }).execute();
        await trx.insertInto('message_events').values({ message_id: id, type: 'queued', actor: 'relay', at, detail: null }).execute();
      }
      return { id, status: status as 'approved' | 'rejected', decidedBy: actor, decidedAt: toIso(at) };
    });
  }
}
