import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { ARCHIVE_PART_BYTES, readArchiveParts } from '../messages/archive.js';
import { htmlAsText } from '../messages/html-text.js';
import { decodeText, isTextLike, readReviewed, type ReviewedAttachment, type ReviewedMessage } from '../messages/reviewed.js';
import { plainTextHead } from '../messages/text.js';
import { asSaved, blockedReason } from '../screening/attachments.js';
import type { CompiledRule } from '../screening/keywords.js';
import { MAX_SCREENED_CHARS, screenMessage } from '../screening/screen.js';
import type { AttachmentInfo, Flag, ScreeningInput, ScreeningOptions } from '../screening/types.js';
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

/**
 * Everything of a message a recipient can see besides its subject and text, as texts screening reads
 * (the HTML with its hidden markup, text-like attachments, file names, attached messages throughout),
 * and its attachments, those of attached messages included, for the attachment rules.
 */
export function visibleParts(m: ReviewedMessage, prefix = ''): Pick<ScreeningInput, 'parts' | 'attachments'> & { parts: NonNullable<ScreeningInput['parts']> } {
  const parts: NonNullable<ScreeningInput['parts']> = [];
  const attachments: AttachmentInfo[] = [];
  if (prefix) {
    parts.push({ field: `${prefix}subject`, text: m.subject });
    if (m.people) parts.push({ field: `${prefix}header`, text: `From: ${m.people.from}\nTo: ${m.people.to}\nCc: ${m.people.cc}` });
    if (m.text !== null) parts.push({ field: `${prefix}body`, text: m.text });
  }
  if (m.htmlText !== null) parts.push({ field: `${prefix}html`, text: m.htmlText });
  if (m.htmlShownText !== null) parts.push({ field: `${prefix}html-rendered`, text: m.htmlShownText });
  for (const [i, a] of m.attachments.entries()) {
    const name = a.filename ?? `attachment ${i + 1}`;
    if (a.sentFilename) parts.push({ field: `${prefix}filename:${name}`, text: a.sentFilename });
    attachments.push({ filename: prefix ? `${prefix}${name}` : a.filename, contentType: a.contentType, size: a.size, ...(a.entries === undefined ? {} : { entries: a.entries }), kind: a.kind ?? null, ...(a.removed && !a.message && !blockedReason(a) ? { unreadable: a.removed } : {}) });
    if (a.message) {
      const inner = visibleParts(a.message, `${prefix}message:${name}/`);
      parts.push(...inner.parts);
      attachments.push(...inner.attachments);
    } else if (a.removed === null && isTextLike(a)) {
      parts.push({ field: `${prefix}attachment:${name}`, text: attachmentText(a) });
    }
  }
  return { parts, attachments };
}

/** A text-like attachment's words: HTML and SVG read as text, RTF's escapes decoded, the rest as its bytes say. */
function attachmentText(a: ReviewedAttachment): string {
  const text = decodeText(a.content);
  const name = asSaved(a.filename ?? '');
  if (/html|svg/i.test(a.contentType) || /\.(html?|xhtml|svg)$/i.test(name)) return htmlAsText(text);
  if (/rtf/i.test(a.contentType) || /\.rtf$/i.test(name) || text.startsWith('{\\rtf')) return rtfText(text);
  return text;
}

/** RTF's text, roughly: \'e9 and \u233? escapes decoded, control words and groups' braces dropped. */
function rtfText(rtf: string): string {
  return rtf
    .replace(/\\'([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\u(-?\d+)\??/g, (_, n: string) => String.fromCharCode((Number(n) + 65536) % 65536))
    .replace(/\\par[d]?\b ?/g, '\n')
    .replace(/\\[a-z]+-?\d* ?/gi, '')
    .replace(/[{}]/g, '');
}
