import type { Clock } from '../db/clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { aliasOf } from '../program/alias.js';
import { GroupCommit } from '../db/group-commit.js';
import { countAttachments, insertArchive, leadingBytes, sha256Of, type RawMessage } from './archive.js';
import { readHeaderInfo, type MessageHeaderInfo } from './headers.js';
import { identifySide, senderAddress, type Side } from './identify.js';
import { newRelayMessageId } from './message-id.js';
import { notChecked, type SenderAuth, type SenderAuthenticator } from './sender-auth.js';
import { recordEvent } from './event.repository.js';
import { findPairsByAliases, findPairStatusByAlias, findPersonByAddress, insertMessage } from './ingest.repository.js';

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

/**
 * Sender authentication is enforced and the From domain is not authenticated for the message:
 * refused at the end of DATA (`auth.temporary`: for now only, a DNS look-up failed).
 */
export class SenderNotVerified extends Error {
  constructor(readonly auth: SenderAuth) {
    super(auth.summary);
    this.name = 'SenderNotVerified';
  }
}

export interface Envelope {
  mailFrom: string;
  /** The alias addresses accepted at RCPT (an alias named twice is held once). */
  recipients: string[];
  remoteAddress: string | null;
  /** The name the client gave in HELO/EHLO. */
  helo?: string | null;
}

/** A message waiting for the next group commit. */
interface Pending {
  envelope: Envelope;
  raw: RawMessage;
  sha256: string;
  info: MessageHeaderInfo;
  aliases: string[];
  sender: string | null;
  attachments: number;
  auth: SenderAuth;
}

interface PairSide {
  pairId: number;
  address: string;
  side: Side;
}

export interface Accepted {
  /** One held message per pair. */
  messageIds: number[];
}

/** SMTP ingest: recipient checks, sender identification, and the one transaction that archives and holds. */
export class IngestService {
  private readonly commits = new GroupCommit<Pending, Accepted | IngestRefusal>((batch) => this.store(batch));

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly domain: string,
    /** Called after a commit that held messages (screening picks them up). */
    private readonly onAccepted: () => void = () => {},
    private readonly authenticateSender: SenderAuthenticator = async (input) => notChecked(input.fromAddress),
  ) {}

  async checkRecipient(address: string): Promise<RecipientCheck> {
    const alias = aliasOf(address, this.domain);
    if (alias === null) return { ok: false, reason: 'other-domain', domain: address.slice(address.lastIndexOf('@') + 1) };
    const pair = await findPairStatusByAlias(this.db, alias);
    if (!pair) return { ok: false, reason: 'unknown-alias', address };
    if (pair.status !== 'active') return { ok: false, reason: 'pair-inactive', address, status: pair.status };
    return { ok: true, pairId: pair.id, alias };
  }

  /**
   * Identifies the sender for every pair, then archives the raw bytes and holds one message per pair
   * in ONE transaction (shared with messages arriving at the same moment: group commit). Resolves
   * only after the commit: the caller may answer 250 then.
   * Throws IngestRefusal when the sender is not a participant of every addressed pair, and
   * SenderNotVerified when sender authentication is enforced and the sender is not verified.
   */
  async accept(envelope: Envelope, raw: RawMessage): Promise<Accepted> {
    const info = readHeaderInfo(leadingBytes(raw));
    const aliases = [...new Set(envelope.recipients.map((r) => aliasOf(r, this.domain)).filter((a) => a !== null))];
    if (aliases.length === 0) throw new Error('no alias among the recipients accepted at RCPT');
    const sha256 = sha256Of(raw);
    const sender = senderAddress(info.fromAddress, envelope.mailFrom);
    // DNS look-ups, so before the transaction (which must never wait on the network).
    const auth = await this.authenticateSender({ raw, fromAddress: sender, mailFrom: envelope.mailFrom, clientAddress: envelope.remoteAddress, helo: envelope.helo ?? null });
    if (auth.mode === 'enforce' && !auth.verified) throw new SenderNotVerified(auth);
    const outcome = await this.commits.submit({ envelope, raw, sha256, info, aliases, sender, attachments: countAttachments(raw), auth });
    if (outcome instanceof IngestRefusal) throw outcome;
    this.onAccepted();
    return outcome;
  }

  /**
   * Which side of each addressed pair the sender is on; a refusal when the sender is not a
   * participant of every one. The whole message is refused rather than held for some pairs only:
   * one SMTP reply covers every recipient, and a 250 must not silently drop a copy.
   */
  private async identify(trx: Kysely<Database>, p: Pending): Promise<{ pairs: PairSide[] } | IngestRefusal> {
    const pairs = await findPairsByAliases(trx, p.aliases);
    const person = p.sender ? await findPersonByAddress(trx, p.sender) : undefined;
    // Aliases were checked at RCPT; one that has gone since (never today: pairs are closed, not deleted)
    // must not leave an archive row without its message.
    if (pairs.length < p.aliases.length) {
      const missing = p.aliases.find((a) => !pairs.some((x) => x.alias === a))!;
      return new IngestRefusal('pair-inactive', `${missing}@${this.domain}`, p.sender);
    }
    const sides: PairSide[] = [];
    for (const pair of pairs) {
      const address = `${pair.alias}@${this.domain}`;
      if (pair.status !== 'active') return new IngestRefusal('pair-inactive', address, p.sender);
      const side = identifySide({ mentorId: pair.mentor_id, protegeId: pair.protege_id }, person?.person_id ?? null);
      if (!side) return new IngestRefusal('not-a-participant', address, p.sender);
      sides.push({ pairId: pair.id, address, side });
    }
    return { pairs: sides };
  }

  /** One transaction for a batch of messages: each one's archive row, its message rows and their events. */
  private async store(batch: Pending[]): Promise<(Accepted | IngestRefusal)[]> {
    const receivedAt = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const results: (Accepted | IngestRefusal)[] = [];
      for (const p of batch) {
        // Identified inside the transaction: reads here do not queue behind other commits.
        const identified = await this.identify(trx, p);
        if (identified instanceof IngestRefusal) {
          results.push(identified);
          continue;
        }
        const archiveId = await insertArchive(trx, p.raw, {
          sha256: p.sha256,
          envelopeFrom: p.envelope.mailFrom,
          envelopeTo: identified.pairs.map((x) => x.address),
          remoteAddress: p.envelope.remoteAddress,
          helo: p.envelope.helo ?? null,
          senderAuth: JSON.stringify(p.auth),
          receivedAt,
        });
        const messageIds: number[] = [];
        for (const { pairId, side } of identified.pairs) {
          const message = await insertMessage(trx, {
            pair_id: pairId,
            archive_id: archiveId,
            direction: side.direction,
            sender_id: side.senderId,
            recipient_id: side.recipientId,
            sender_address: p.sender!,
            subject: p.info.subject,
            original_message_id: p.info.messageId,
            relay_message_id: newRelayMessageId(this.domain),
            received_at: receivedAt,
            size: p.raw.size,
            status: 'held',
            decided_by: null,
            decided_at: null,
            reason: null,
            note: null,
            delivered_at: null,
            last_error: null,
            forward_archive_id: null,
            attachment_count: p.attachments,
            screened_at: null,
          });
          await recordEvent(trx, message.id, 'received', 'smtp', { sha256: p.sha256, size: p.raw.size }, receivedAt);
          messageIds.push(message.id);
        }
        results.push({ messageIds });
      }
      return results;
    });
  }
}
