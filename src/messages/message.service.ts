import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { toIso, toIsoOrNull } from '../db/time.js';
import { invalid, notFound } from '../errors.js';
import type { Flag } from '../screening/types.js';
import { readArchive } from './archive.js';
import { findArchiveEnvelope, findArchiveId, findMessage, heldCount, listDeciders, listDecisionsBy, listEvents, listMessages, nextHeldId, type MessageForStaff } from './message.repository.js';
import type { SenderAuth } from './sender-auth.js';
import { readReviewed, type ReviewedMessage } from './reviewed.js';
import { plainText } from './text.js';
import type { Direction, MessageStatus } from './message.table.js';

export interface Party {
  id: number;
  name: string;
  address: string;
}

export interface MessageSummary {
  id: number;
  pairId: number;
  alias: string;
  direction: Direction;
  status: MessageStatus;
  sender: Party;
  recipient: Party;
  subject: string;
  messageId: string | null;
  relayMessageId: string;
  receivedAt: string;
  size: number;
  attachmentCount: number;
  flags: Flag[];
  /** When screening read the message; null while it has not yet (its flags are not known). */
  screenedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  note: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface MessageEvent {
  type: string;
  actor: string;
  at: string;
  detail: Record<string, unknown> | null;
}

export interface MessageDetail extends MessageSummary {
  sha256: string;
  /** The SMTP envelope as the client gave it: MAIL FROM, its address, its HELO name. */
  envelope: { mailFrom: string; clientAddress: string | null; helo: string | null };
  /** What sender authentication found; null when nothing was recorded (a message older than the check). */
  senderAuth: SenderAuth | null;
  text: string | null;
  html: string | null;
  attachments: { filename: string | null; contentType: string; size: number; forwarded: boolean; removed: string | null }[];
  events: MessageEvent[];
}

export interface MessageFilter {
  status?: MessageStatus;
  pairId?: number;
  /** Only messages with a flag of this type. */
  flag?: string;
  /** Only messages with a flag of this severity. */
  severity?: string;
  limit?: number;
  cursor?: string;
}

const encodeCursor = (id: number) => Buffer.from(`m:${id}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const m = /^m:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw invalid('cursor', 'not a cursor this API gave out');
  return Number(m[1]);
}

/** Reading messages for staff: lists with cursor paging, detail with content and history, raw bytes. */
export class MessageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly domain: string,
  ) {}

  private toSummary(r: MessageForStaff): MessageSummary {
    return {
      id: r.id,
      pairId: r.pair_id,
      alias: `${r.alias}@${this.domain}`,
      direction: r.direction,
      status: r.status,
      sender: { id: r.sender_id, name: r.sender_name, address: r.sender_address },
      recipient: { id: r.recipient_id, name: r.recipient_name, address: r.recipient_address ?? '' },
      subject: r.subject,
      messageId: r.original_message_id,
      relayMessageId: r.relay_message_id,
      receivedAt: toIso(r.received_at),
      size: r.size,
      attachmentCount: r.attachment_count,
      flags: JSON.parse(r.flags) as Flag[],
      screenedAt: toIsoOrNull(r.screened_at),
      decidedBy: r.decided_by,
      decidedAt: toIsoOrNull(r.decided_at),
      reason: r.reason,
      note: r.note,
      deliveredAt: toIsoOrNull(r.delivered_at),
      lastError: r.last_error,
    };
  }

  /** Oldest first (the review queue's order), `limit` at a time; `nextCursor` is null on the last page. */
  async list(filter: MessageFilter): Promise<{ items: MessageSummary[]; nextCursor: string | null }> {
    const limit = filter.limit ?? 50;
    const afterId = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    // One more than a page: whether it came tells whether there is a next page.
    const rows = await listMessages(this.db, { status: filter.status, pairId: filter.pairId, flag: filter.flag, severity: filter.severity, afterId }, limit + 1);
    const page = rows.slice(0, limit);
    return { items: page.map((r) => this.toSummary(r)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  /** The message with its content as a reviewer reads it (and `reviewed`: the parts the forwarded copy is built from). */
  async get(id: number): Promise<MessageDetail> {
    return (await this.getReviewed(id)).detail;
  }

  async getReviewed(id: number): Promise<{ detail: MessageDetail; reviewed: ReviewedMessage }> {
    const row = await findMessage(this.db, id);
    if (!row) throw notFound(`message ${id}`);
    const archive = await findArchiveEnvelope(this.db, row.archive_id);
    const raw = await readArchive(this.db, row.archive_id);
    const events = await listEvents(this.db, id);
    // Parsed on demand for a reader: ingest never parses bodies. The same reading screening did, so
    // the flags' spans point into this text.
    const reviewed = await readReviewed(raw);
    const text = plainText(raw) ?? reviewed.text ?? reviewed.readableText;

    const detail: MessageDetail = {
      ...this.toSummary(row),
      sha256: archive.sha256,
      envelope: { mailFrom: archive.envelope_from, clientAddress: archive.remote_address, helo: archive.helo },
      senderAuth: archive.sender_auth === null ? null : (JSON.parse(archive.sender_auth) as SenderAuth),
      text: text || null,
      html: reviewed.htmlSource,
      attachments: reviewed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size, forwarded: a.removed === null, removed: a.removed })),
      events: events.map((e) => ({ type: e.type, actor: e.actor, at: toIso(e.at), detail: e.detail === null ? null : (JSON.parse(e.detail) as Record<string, unknown>) })),
    };
    return { detail, reviewed };
  }

  /** How many messages wait for a decision, and since when the oldest has waited. */
  async queueSummary(): Promise<{ waiting: number; oldestReceivedAt: string | null }> {
    const row = await heldCount(this.db);
    return { waiting: Number(row.waiting), oldestReceivedAt: row.oldest === null ? null : toIso(Number(row.oldest)) };
  }

  /** The next held message after `id` in queue order (wrapping round): the page's "next", and where a reviewer goes after a decision. */
  async nextHeld(id: number): Promise<number | null> {
    return nextHeldId(this.db, id);
  }

  /** Decisions recorded under an actor's name, newest first. */
  async decisionsBy(actor: string, limit = 200) {
    const rows = await listDecisionsBy(this.db, actor, limit);
    return rows.map((r) => ({ messageId: r.message_id, type: r.type, at: toIso(r.at), subject: r.subject, status: r.status, detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>) }));
  }

  /** Everyone who has decided a message, for the per-reviewer list. */
  async deciders(): Promise<string[]> {
    const rows = await listDeciders(this.db);
    return rows.map((r) => r.actor);
  }

  /** The archived bytes, exactly as received. */
  async raw(id: number): Promise<Buffer> {
    const row = await findArchiveId(this.db, id);
    if (!row) throw notFound(`message ${id}`);
    return readArchive(this.db, row.archive_id);
  }
}
