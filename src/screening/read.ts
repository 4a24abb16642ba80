import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { ARCHIVE_PART_BYTES, parseForReading, readArchiveParts } from '../messages/archive.js';
import { plainTextHead } from '../messages/text.js';
import type { CompiledRule } from './keywords.js';
import { MAX_SCREENED_CHARS, screenMessage } from './screen.js';
import type { Flag, Participant, ScreeningOptions } from './types.js';
import { zipEntryNames } from './zip.js';

/** One stored message to screen, and who is on either side of it. */
export interface ScreeningJob {
  id: number;
  archiveId: number;
  subject: string;
  sender: Participant;
  recipient: Participant;
  /** The pair's alias, a full address. */
  alias: string;
}

/** Parts enough for a header and the most of a text screening reads. */
export const HEAD_PARTS = Math.ceil(MAX_SCREENED_CHARS / ARCHIVE_PART_BYTES) + 1;

/**
 * Reads a stored message and screens it. A plain text message is decoded directly from its first
 * parts (screening reads at most MAX_SCREENED_CHARS of a text); anything else goes through the same
 * parse as the review page, streamed from its parts, so a large message is never one buffer here.
 */
export async function screenStored(
  db: Kysely<Database>,
  job: ScreeningJob,
  domain: string,
  options: ScreeningOptions,
  rules: CompiledRule[],
  /** The message's first HEAD_PARTS parts, when the caller read them already (readArchiveHeads). */
  head?: Buffer[],
): Promise<Flag[]> {
  head ??= await readArchiveParts(db, job.archiveId, HEAD_PARTS);
  let fast = plainTextHead(head.length === 1 ? head[0]! : Buffer.concat(head), MAX_SCREENED_CHARS);
  // The head did not reach the end of the text (an enormous header, or base64): read the whole.
  if (fast && !fast.truncated && head.length === HEAD_PARTS) fast = plainTextHead(Buffer.concat(await readArchiveParts(db, job.archiveId)), MAX_SCREENED_CHARS);
  const parsed = fast === null ? await parseForReading(await readArchiveParts(db, job.archiveId)) : null;
  return screenMessage(
    {
      subject: job.subject,
      text: fast?.text ?? parsed?.text ?? '',
      textTruncated: fast?.truncated ?? false,
      attachments: (parsed?.attachments ?? []).map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        entries: /\.zip$/i.test(a.filename ?? '') || /zip/i.test(a.contentType) ? zipEntryNames(a.content) : undefined,
      })),
      sender: job.sender,
      recipient: job.recipient,
      alias: job.alias,
      domain,
    },
    options,
    rules,
  );
}
