import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { ARCHIVE_PART_BYTES, readArchiveParts } from '../messages/archive.js';
import { readReviewed } from '../messages/reviewed.js';
import { plainTextHead } from '../messages/text.js';
import type { CompiledRule } from '../screening/keywords.js';
import { MAX_SCREENED_CHARS, screenMessage } from '../screening/screen.js';
import type { Flag, ScreeningOptions } from '../screening/types.js';
import { visibleParts } from './visible-parts.js';
import type { ScreeningJob } from './batch.js';

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
  // Fewer parts than asked for: the head is the whole message, and is not read again.
  const whole = async () => (head.length < HEAD_PARTS ? head : readArchiveParts(db, job.archiveId));
  if (fast && !fast.truncated && head.length === HEAD_PARTS) fast = plainTextHead(Buffer.concat(await whole()), MAX_SCREENED_CHARS);
  const people = { sender: job.sender, recipient: job.recipient, senderRole: job.senderRole, alias: job.alias, domain };
  if (fast !== null) return screenMessage({ subject: job.subject, text: fast.text, textTruncated: fast.truncated, attachments: [], ...people }, options, rules);
  const reviewed = await readReviewed(await whole());
  return screenMessage({ subject: job.subject, text: reviewed.text ?? '', ...visibleParts(reviewed), ...people }, options, rules);
}
