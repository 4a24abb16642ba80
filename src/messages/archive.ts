import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** The largest archive part: big messages are stored, bound and copied a part at a time. */
export const ARCHIVE_PART_BYTES = 1024 * 1024;

/** A message as received, in parts of at most ARCHIVE_PART_BYTES. */
export interface RawMessage {
  parts: Buffer[];
  size: number;
}

/** Collects stream chunks into parts; each part is filled in place, so a message is copied once. */
export class PartCollector {
  private readonly parts: Buffer[] = [];
  private current: Buffer | null = null;
  private used = 0;
  size = 0;

  push(chunk: Buffer): void {
    this.size += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.current || this.used === this.current.length) {
        if (this.current) this.parts.push(this.current);
        this.current = Buffer.allocUnsafe(ARCHIVE_PART_BYTES);
        this.used = 0;
      }
      const n = chunk.copy(this.current, this.used, offset);
      this.used += n;
      offset += n;
    }
  }

  finish(): RawMessage {
    const parts = this.current ? [...this.parts, this.current.subarray(0, this.used)] : [...this.parts];
    return { parts, size: this.size };
  }
}

/** Splits a whole message into parts (for callers that have it in one Buffer). */
export function toRawMessage(raw: Buffer): RawMessage {
  const parts: Buffer[] = [];
  for (let i = 0; i < raw.length; i += ARCHIVE_PART_BYTES) parts.push(raw.subarray(i, i + ARCHIVE_PART_BYTES));
  return { parts, size: raw.length };
}

/** The first bytes of a message, enough to hold its whole header block (normally the first part). */
export function leadingBytes(message: RawMessage): Buffer {
  let lead = message.parts[0] ?? Buffer.alloc(0);
  for (let i = 1; i < message.parts.length && lead.indexOf('\n\n') < 0 && lead.indexOf('\r\n\r\n') < 0; i++) {
    lead = Buffer.concat([lead, message.parts[i]!]);
  }
  return lead;
}

/** Several archived messages' parts in order, by archive id (one query for a batch); with `firstParts`, only that many of each. */
export async function readArchiveHeads(db: Kysely<Database>, archiveIds: number[], firstParts?: number): Promise<Map<number, Buffer[]>> {
  const heads = new Map<number, Buffer[]>(archiveIds.map((id) => [id, []]));
  if (archiveIds.length === 0) return heads;
  let query = db.selectFrom('message_archive_parts').select(['archive_id', 'bytes']).where('archive_id', 'in', archiveIds);
  if (firstParts !== undefined) query = query.where('seq', '<', firstParts);
  for (const r of await query.orderBy('archive_id').orderBy('seq').execute()) heads.get(r.archive_id)!.push(r.bytes);
  return heads;
}

/** An archived message's parts in order; with `firstParts`, only that many from the start. */
export async function readArchiveParts(db: Kysely<Database>, archiveId: number, firstParts?: number): Promise<Buffer[]> {
  return (await readArchiveHeads(db, [archiveId], firstParts)).get(archiveId)!;
}

/** The archived message, byte-exact, as one Buffer. */
export async function readArchive(db: Kysely<Database>, archiveId: number): Promise<Buffer> {
  return Buffer.concat(await readArchiveParts(db, archiveId));
}

export function sha256Of(message: RawMessage): string {
  const hash = createHash('sha256');
  for (const part of message.parts) hash.update(part);
  return hash.digest('hex');
}

/** Writes an archive row and its parts (inside the caller's transaction); returns the archive id. */
export async function insertArchive(
  trx: Kysely<Database>,
  message: RawMessage,
  meta: { sha256: string; envelopeFrom: string; envelopeTo: string[]; remoteAddress: string | null; helo?: string | null; senderAuth?: string | null; receivedAt: number },
): Promise<number> {
  const { id } = await trx
    .insertInto('message_archive')
    .values({
      sha256: meta.sha256,
      size: message.size,
      envelope_from: meta.envelopeFrom,
      envelope_to: JSON.stringify(meta.envelopeTo),
      remote_address: meta.remoteAddress,
      helo: meta.helo ?? null,
      sender_auth: meta.senderAuth ?? null,
      received_at: meta.receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [seq, bytes] of message.parts.entries()) {
    await trx.insertInto('message_archive_parts').values({ archive_id: id, seq, bytes }).execute();
  }
  return id;
}

/**
 * Counts the attachments a reader will see, from the MIME part headers alone (no body parse on the
 * SMTP path): parts marked `Content-Disposition: attachment`, or inline ones carrying a file name.
 * Scans in 64 KiB windows, so a 25 MB message never becomes one 25 MB string.
 */
export function countAttachments(message: RawMessage): number {
  const pattern = /^content-disposition:[ \t]*(attachment|inline[ \t]*;[^\r\n]*filename)/gim;
  const WINDOW = 64 * 1024;
  let count = 0;
  let carry = ''; // the unfinished last line of the previous window
  for (const part of message.parts) {
    for (let offset = 0; offset < part.length; offset += WINDOW) {
      const text = carry + part.toString('latin1', offset, Math.min(part.length, offset + WINDOW));
      const lastBreak = text.lastIndexOf('\n');
      const complete = lastBreak < 0 ? '' : text.slice(0, lastBreak + 1);
      carry = lastBreak < 0 ? text.slice(-1024) : text.slice(lastBreak + 1).slice(-1024);
      count += complete.match(pattern)?.length ?? 0;
    }
  }
  return count + (carry.match(pattern)?.length ?? 0);
}

/**
 * The message parsed for people to read: text (generated from the HTML when there is no text part),
 * HTML and attachments. Screening and the review page use this same parse, so the character spans
 * screening reports point at the text the reviewer sees. mailparser loads on first use.
 */
export async function parseForReading(raw: Buffer | Buffer[]) {
  const { simpleParser } = await import('mailparser');
  // Parts are streamed in as they are: a large message is never joined into one buffer.
  return simpleParser(Array.isArray(raw) ? Readable.from(raw) : raw, { skipImageLinks: true, skipTextLinks: true });
}
