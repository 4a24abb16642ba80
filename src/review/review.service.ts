import type { Clock } from '../db/clock.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { toIso } from '../db/time.js';
import { conflict, DomainError, invalid, notFound } from '../errors.js';
import { insertArchive, parseForReading, readArchive, sha256Of, toRawMessage } from '../messages/archive.js';
import { composeEdited } from './edit.js';
import { findForDecision, findForEditing, markDecided, queueForward, queueNotice, setForwardArchive } from './review.repository.js';
import { approvalRefusal, nextStatus, type ApprovalRefusal, type Decision } from './state.js';
import { recordEvent } from '../messages/event.repository.js';

export interface DecisionResult {
  id: number;
  status: 'approved' | 'rejected';
  decidedBy: string;
  decidedAt: string;
}

export interface ReviewOptions {
  /** Queue a notice to the sender of a rejected message, quoting the reason. */
  notifySender: boolean;
  /** Screening runs (config `screening.enabled`): a message is approved only once it has read it. */
  screeningEnabled: boolean;
}

/** A message the batch left alone for a reason that passes (screening, a paused pair); not a conflict. */
export interface Skipped {
  id: number;
  code: ApprovalRefusal['code'];
  message: string;
}

type Trx = Transaction<Database>;

/**
 * Reviewers' decisions. Each is one transaction: the status change, its audit events and, on
 * approval, the outbox row (on rejection, the sender's notice). Only a held message can be
 * decided, once: a second decision is a conflict naming who decided first.
 */
export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly options: ReviewOptions = { notifySender: true, screeningEnabled: true },
    /** Called after a commit that queued mail, so the outbound worker need not wait for its next poll. */
    private readonly onQueued: () => void = () => {},
  ) {}

  async approve(id: number, actor: string, note?: string | null): Promise<DecisionResult> {
    const result = await this.decide(id, 'approve', actor, note?.trim() || null);
    this.onQueued();
    return result;
  }

  /**
   * Approves an edited version: the reviewer's text is forwarded instead of the original's; the
   * original stays in the archive, and the edited copy is archived too, with an `edited` event.
   */
  async approveWithEdits(id: number, actor: string, editedText: string, note?: string | null): Promise<DecisionResult> {
    if (!editedText.trim()) throw invalid('text', 'the edited message must not be empty');
    const message = await findForEditing(this.db, id);
    if (!message) throw notFound(`message ${id}`);
    const original = await parseForReading(await readArchive(this.db, message.archive_id));
    const edited = toRawMessage(await composeEdited(original, editedText.replace(/\r\n/g, '\n')));
    const sha256 = sha256Of(edited);
    const result = await this.decide(id, 'approve', actor, note?.trim() || null, async (trx, at) => {
      const archiveId = await insertArchive(trx, edited, { sha256, envelopeFrom: '', envelopeTo: [], remoteAddress: null, receivedAt: at });
      await setForwardArchive(trx, id, archiveId);
      await recordEvent(trx, id, 'edited', actor, { archiveId, sha256, text: editedText }, at);
    });
    this.onQueued();
    return result;
  }

  async reject(id: number, actor: string, reason: string): Promise<DecisionResult> {
    if (!reason.trim()) throw invalid('reason', 'a rejection needs a reason');
    const result = await this.decide(id, 'reject', actor, reason.trim());
    if (this.options.notifySender) this.onQueued();
    return result;
  }

  /**
   * Approves each message in turn. A message screening has not read yet, or of a pair that is not
   * active, is skipped; one someone else decided meanwhile is reported, not approved twice.
   */
  async approveMany(ids: number[], actor: string): Promise<{ approved: number[]; skipped: Skipped[]; refused: { id: number; message: string }[] }> {
    const approved: number[] = [];
    const skipped: Skipped[] = [];
    const refused: { id: number; message: string }[] = [];
    for (const id of ids) {
      try {
        await this.decide(id, 'approve', actor, null);
        approved.push(id);
      } catch (err) {
        const code = err instanceof DomainError ? err.code : undefined;
        if (code === 'not_screened' || code === 'pair_inactive') skipped.push({ id, code, message: (err as Error).message });
        else refused.push({ id, message: (err as Error).message });
      }
    }
    if (approved.length > 0) this.onQueued();
    return { approved, skipped, refused };
  }

  private decide(id: number, decision: Decision, actor: string, text: string | null, before?: (trx: Trx, at: number) => Promise<void>): Promise<DecisionResult> {
    return this.db.transaction().execute(async (trx) => {
      const message = await findForDecision(trx, id);
      if (!message) throw notFound(`message ${id}`);
      const status = nextStatus(message.status, decision);
      if (!status) {
        const by = message.decided_by ? ` by ${message.decided_by}${message.decided_at ? ` at ${toIso(message.decided_at)}` : ''}` : '';
        throw conflict(`message ${id} is ${message.status}: already decided${by}`);
      }
      // Checked in the same transaction as the decision: a pair closed or paused is so either before
      // it (and refuses it) or after it (and then withdraws or holds the outbox row queued here).
      const refusal = decision === 'approve' ? approvalRefusal({ id, screened: message.screened_at !== null, pairStatus: message.pair_status }, this.options.screeningEnabled) : null;
      if (refusal) throw conflict(refusal.message, refusal.code);
      const at = this.clock.now();
      await before?.(trx, at);
      const decided = await markDecided(trx, id, decision === 'approve' ? { status, decided_by: actor, decided_at: at, note: text } : { status, decided_by: actor, decided_at: at, reason: text });
      if (!decided) throw conflict(`message ${id} was already decided`);
      if (decision === 'approve') await recordEvent(trx, id, 'approved', actor, text === null ? null : { note: text }, at);
      else await recordEvent(trx, id, 'rejected', actor, text === null ? null : { reason: text }, at);
      if (status === 'approved') {
        await queueForward(trx, id, at);
        await recordEvent(trx, id, 'queued', 'relay', null, at);
      } else if (this.options.notifySender) {
        await queueNotice(trx, id, message.sender_address, at);
      }
      return { id, status: status as 'approved' | 'rejected', decidedBy: actor, decidedAt: toIso(at) };
    });
  }
}
