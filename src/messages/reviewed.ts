import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { htmlToText } from 'html-to-text';
import type { Attachment } from 'mailparser';
import { asSaved, blockedReason, contentKind } from '../screening/attachments.js';
import { zipEntryNames } from '../screening/zip.js';
import { htmlAsText } from './html-text.js';
import { withoutInvisible } from '../screening/invisible.js';
import { sanitizeEmailHtml } from './sanitize.js';

/** Attached messages are read to this depth; one nested deeper is not forwarded (nobody could review it). */
export const MAX_MESSAGE_DEPTH = 3;

/** One attachment as the reviewer is shown it and the other participant would receive it. */
export interface ReviewedAttachment {
  /** The file name as shown and sent (invisible characters removed); null when it has none. */
  filename: string | null;
  /** The file name as the sender wrote it (screening reads this one, and flags what was removed). */
  sentFilename: string | null;
  contentType: string;
  size: number;
  /** The decoded bytes, forwarded byte-exact. */
  content: Buffer;
  /** The original Content-ID, when the HTML shows it as an inline image (`cid:`). */
  contentId: string | null;
  inline: boolean;
  /** Why it is left out of the forwarded copy; null when it is forwarded. */
  removed: string | null;
  /** An attached message (message/rfc822): read like the message itself, and rebuilt when forwarded. */
  message: ReviewedMessage | null;
  /** For a ZIP archive, the names inside it (null when they could not be read). */
  entries?: string[] | null;
  /** What its bytes say it is, whatever its name. */
  kind?: 'executable' | 'zip' | null;
}

/**
 * A message as the relay reads it for people: what screening reads, what the review page shows, and
 * what the forwarded copy is rebuilt from. Nothing else of the original reaches the recipient.
 */
export interface ReviewedMessage {
  subject: string;
  date: Date | null;
  /** For an attached message: its From, To and Cc as display text (shown and screened, not forwarded). */
  people: { from: string; to: string; cc: string } | null;
  /** The text parts, decoded; null when the message has none (HTML only). */
  text: string | null;
  /** Text generated from the HTML when there is no text part (what the page shows as text). */
  readableText: string;
  /** The HTML as sent (never shown: screening reads it as text, hidden markup included). */
  htmlSource: string | null;
  /** Everything the HTML says, as text, hidden markup included: what screening reads. */
  htmlText: string | null;
  /**
   * The text of the HTML as it is shown and forwarded (after the sanitizer): screening reads this too,
   * since removing an element can join the words on either side of it ("me<noscript></noscript>et").
   */
  htmlShownText: string | null;
  attachments: ReviewedAttachment[];
}

const textLike = /^text\/|^application\/(json|xml|csv|ics|x-vcard|vcard|rtf|x-yaml|yaml|x-subrip|x-url|internet-shortcut|xhtml\+xml|x-sh)|^image\/svg\+xml|^message\/(delivery-status|disposition-notification)/i;
const textLikeName = /\.(txt|csv|tsv|vcf|vcard|ics|ical|html?|xhtml|svg|md|json|xml|rtf|eml|log|srt|vtt|url|webloc|yaml|yml|ini|cfg|conf|tex|mbox|sub)$/i;

/**
 * Whether screening reads an attachment's content as text: a text type or name (trailing dots, which
 * Windows drops, ignored), or bytes that are text whatever the name says (a byte-order mark, or no NUL
 * and valid UTF-8 in the first 8 KB): a file without an extension opens in a text editor all the same.
 */
export function isTextLike(a: { filename: string | null; contentType: string; content?: Buffer }): boolean {
  if (textLike.test(a.contentType) || textLikeName.test(asSaved(a.filename ?? ''))) return true;
  if (!a.content || a.content.length === 0) return false;
  const head = a.content.subarray(0, 8192);
  if (hasByteOrderMark(head)) return true;
  return !head.includes(0) && isUtf8(head.length < a.content.length ? trimPartialUtf8(head) : head);
}

const hasByteOrderMark = (b: Buffer) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) || (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** A head cut from a longer text may end inside a UTF-8 character: cut it back to a boundary. */
function trimPartialUtf8(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && end > b.length - 4 && (b[end - 1]! & 0xc0) === 0x80) end--;
  return end > 0 && b[end - 1]! >= 0xc0 ? b.subarray(0, end - 1) : b.subarray(0, end);
}

/** An attachment's text as an editor or browser shows it: by its byte-order mark (UTF-8, UTF-16), else UTF-8, else Latin-1. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/**
 * Reads a message (raw bytes, or archive parts) into the parts people are shown. Attached messages
 * are read recursively to MAX_MESSAGE_DEPTH; below that they are marked removed.
 */
export async function readReviewed(raw: Buffer | Buffer[], depth = 0): Promise<ReviewedMessage> {
  const { simpleParser } = await import('mailparser');
  // cid: links kept (each copy points them at its own place); no text made up from the HTML: a text
  // part is forwarded only when the sender wrote one.
  const options = { skipImageLinks: true, skipTextLinks: true, skipHtmlToText: true, keepCidLinks: true };
  const parsed = await simpleParser(Array.isArray(raw) ? Readable.from(raw) : raw, options);
  const html = parsed.html === false || parsed.html === undefined ? null : parsed.html;
  const text = parsed.text === undefined || (html !== null && parsed.text.trim() === '') ? null : parsed.text;
  const attachments: ReviewedAttachment[] = [];
  for (const a of parsed.attachments) attachments.push(await readAttachment(a, depth));
  const people =
    depth === 0
      ? null
      : { from: parsed.from?.text ?? '', to: addressText(parsed.to), cc: addressText(parsed.cc) };
  return {
    subject: parsed.subject ?? '',
    date: parsed.date ?? null,
    people,
    text,
    readableText: text ?? (html === null ? '' : htmlToText(html, { limits: { maxDepth: 200 } })),
    htmlSource: html,
    htmlText: html === null ? null : htmlAsText(html),
    htmlShownText: html === null ? null : htmlAsText(sanitizeEmailHtml(html, { cid: (id) => `cid:${id}` }).html),
    attachments,
  };
}

function addressText(v: { text: string } | { text: string }[] | undefined): string {
  if (!v) return '';
  return Array.isArray(v) ? v.map((x) => x.text).join(', ') : v.text;
}

/** A part a mail client shows as a message of its own: read and rebuilt like the message itself. */
export function isAttachedMessage(contentType: string, filename: string | null): boolean {
  return contentType === 'message/rfc822' || contentType === 'message/global' || /\.eml$/i.test(filename ?? '');
}

/**
 * Parts the relay cannot show a reviewer, which a mail client may still open or assemble: fragments
 * of a message (message/partial), content fetched from elsewhere (message/external-body), other
 * message/* parts, and Outlook's TNEF wrapper (winmail.dat), which holds a body and files of its own.
 */
function unreadableReason(contentType: string, filename: string | null): string | null {
  if (/^message\/(partial|external-body)$/.test(contentType)) return `a ${contentType} part, which the relay cannot show: not forwarded`;
  if (contentType.startsWith('message/') && !isAttachedMessage(contentType, filename) && !/^message\/(delivery-status|disposition-notification)/.test(contentType)) {
    return `a ${contentType} part, which the relay cannot show: not forwarded`;
  }
  if (/^application\/(ms-tnef|vnd\.ms-tnef)$/.test(contentType) || /^winmail\.dat$/i.test(filename ?? '')) return 'an Outlook TNEF wrapper (winmail.dat), whose contents the relay cannot show: not forwarded';
  return null;
}

async function readAttachment(a: Attachment, depth: number): Promise<ReviewedAttachment> {
  const filename = a.filename ? withoutInvisible(a.filename).trim() || null : null;
  const kind = contentKind(a.content);
  const zip = kind === 'zip' || /\.zip[.\s]*$/i.test(filename ?? '') || /zip/i.test(a.contentType);
  const entries = zip ? zipEntryNames(a.content) : undefined;
  const base = {
    filename,
    sentFilename: a.filename ?? null,
    contentType: a.contentType,
    size: a.size,
    content: a.content,
    contentId: a.cid ?? a.contentId?.replace(/^<|>$/g, '') ?? null,
    inline: a.contentDisposition === 'inline',
    ...(entries === undefined ? {} : { entries }),
  };
  const unreadable = unreadableReason(a.contentType, filename);
  if (unreadable) return { ...base, message: null, removed: unreadable };
  if (isAttachedMessage(a.contentType, filename)) {
    if (depth + 1 >= MAX_MESSAGE_DEPTH) return { ...base, message: null, removed: `an attached message nested more than ${MAX_MESSAGE_DEPTH - 1} deep: not read, so not forwarded` };
    return { ...base, message: await readReviewed(a.content, depth + 1), removed: null };
  }
  return { ...base, kind, message: null, removed: blockedReason({ filename, contentType: a.contentType, size: a.size, entries, kind }) };
}

/**
 * The HTML as this copy shows it: sanitized by the one sanitizer, inline images pointed at `cid`'s
 * answer for their attachment (only images that are forwarded), and how many remote resources it lost.
 */
export function shownHtml(m: ReviewedMessage, cid: (a: ReviewedAttachment) => string | null): { html: string; removedResources: number } | null {
  if (m.htmlSource === null) return null;
  return sanitizeEmailHtml(m.htmlSource, {
    cid: (id) => {
      const a = m.attachments.find((x) => x.contentId === id && x.removed === null && x.contentType.startsWith('image/'));
      return a ? cid(a) : null;
    },
  });
}
