import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { now } from '../db/time.js';
import { aliasOf } from '../program/alias.js';
import { readHeaderInfo } from './headers.js';
import { identifySide, senderAddress, type Side } from './identify.js';
import { newRelayMessageId } from './message-id.js';

/** Why a recipient is refused, in domain terms; the SMTP adapter picks the reply code. */
export type RecipientCheck =
  | { ok: true; pairId: number; alias: string }
  | { ok: false; reason: 'other-domain'; domain: string }
  | { ok: false; reason: 'unknown-alias'; address: string }
  | { ok: false; reason: 'pair-inactive'; address: string; status: string };

/** Why a whole message is refused at the end of DATA. */
export class IngestRefusal extends Error {
  constructor(
    readonly reason: 'not-a-participant' | 'pair-inactive',
    readonly alias: string,
    readonly sender: string | null,
  ) {
    super(`${reason}: ${alias}`);
    this.name = 'IngestRefusal';
  }
}

export interface Envelope {
  mailFrom: string;
  /** The alias addresses accepted at RCPT (an alias named twice is held once). */
  recipients: string[];
  remoteAddress: string | null;
}

export interface Accepted {
  /** One held message per pair. */
  messageIds: number[];
}

/** SMTP ingest: recipient checks, sender identification, and the one transaction that archives and holds. */
export class IngestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly domain: string,
  ) {}

  async checkRecipient(address: string): Promise<RecipientCheck> {
    const alias = aliasOf(address, this.domain);
    if (alias === null) return { ok: false, reason: 'other-domain', domain: address.slice(address.lastIndexOf('@') + 1) };
    const pair = await this.db.selectFrom('pairs').select(['id', 'status']).where('alias', '=', alias).executeTakeFirst();
    if (!pair) return { ok: false, reason: 'unknown-alias', address };
    if (pair.status !== 'active') return { ok: false, reason: 'pair-inactive', address, status: pair.status };
    return { ok: true, pairId: pair.id, alias };
  }

  /**
   * Identifies the sender for every pair, then archives the raw bytes and holds one message per pair
   * in ONE transaction. Resolves only after the commit: the caller may answer 250 then.
   * Throws IngestRefusal when the sender is not a participant of every addressed pair.
   */
  async accept(envelope: Envelope, raw: Buffer): Promise<Accepted> {
    const info = readHeaderInfo(raw);
    const sender = senderAddress(info.fromAddress, envelope.mailFrom);
    const aliases = [...new Set(envelope.recipients.map((r) => aliasOf(r, this.domain)).filter((a) => a !== null))];
    if (aliases.length === 0) throw new Error('no alias among the recipients accepted at RCPT');
    const pairs = await this.db
      .selectFrom('pairs')
      .select(['id', 'alias', 'status', 'mentor_id', 'protege_id'])
      .where('alias', 'in', aliases)
      .orderBy('id')
      .execute();
    const person = sender
      ? await this.db.selectFrom('person_emails').select('person_id').where('address', '=', sender).executeTakeFirst()
      : undefined;

    const sides: { pairId: number; side: Side }[] = [];
    for (const pair of pairs) {
      if (pair.status !== 'active') throw new IngestRefusal('pair-inactive', `${pair.alias}@${this.domain}`, sender);
      const side = identifySide({ mentorId: pair.mentor_id, protegeId: pair.protege_id }, person?.person_id ?? null);
      // The whole message is refused rather than held for some pairs only: one SMTP reply covers
      // every recipient, and a 250 must not silently drop a copy.
      if (!side) throw new IngestRefusal('not-a-participant', `${pair.alias}@${this.domain}`, sender);
      sides.push({ pairId: pair.id, side });
    }

    const receivedAt = now();
    const sha256 = createHash('sha256').update(raw).digest('hex');
    return this.db.transaction().execute(async (trx) => {
      const archive = await trx
        .insertInto('message_archive')
        .values({
          raw,
          sha256,
          size: raw.length,
          envelope_from: envelope.mailFrom,
          envelope_to: JSON.stringify(pairs.map((p) => `${p.alias}@${this.domain}`)),
          remote_address: envelope.remoteAddress,
          received_at: receivedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const messageIds: number[] = [];
      for (const { pairId, side } of sides) {
        const message = await trx
          .insertInto('messages')
          .values({
            pair_id: pairId,
            archive_id: archive.id,
            direction: side.direction,
            sender_id: side.senderId,
            recipient_id: side.recipientId,
            sender_address: sender!,
            subject: info.subject,
            original_message_id: info.messageId,
            relay_message_id: newRelayMessageId(this.domain),
            received_at: receivedAt,
            size: raw.length,
            status: 'held',
            decided_by: null,
            decided_at: null,
            reason: null,
            note: null,
            delivered_at: null,
            last_error: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('message_events')
          .values({ message_id: message.id, type: 'received', actor: 'smtp', at: receivedAt, detail: JSON.stringify({ sha256, size: raw.length }) })
          .execute();
        messageIds.push(message.id);
      }
      return { messageIds };
    });
  }
}
