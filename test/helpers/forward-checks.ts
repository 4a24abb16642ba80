import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { readReviewed, shownHtml } from '../../src/messages/reviewed.js';
import { composeForward, type ForwardInput } from '../../src/outbound/forward.js';

const fieldNames = (block: string) =>
  block
    .split(/\r?\n(?![ \t])/)
    .filter(Boolean)
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());

/** The field names of the top header block, and of every MIME part's header block (after each boundary line). */
function headerBlocks(raw: Buffer): { top: string[]; parts: string[][] } {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  // Only the boundaries the copy declares: a text line that starts with "--" is no part.
  const boundaries = new Set([...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!));
  const parts: string[][] = [];
  for (const m of text.matchAll(/\r?\n--([^\r\n]+)\r?\n((?:[^\r\n]+\r?\n)*?)\r?\n/g)) if (boundaries.has(m[1]!)) parts.push(fieldNames(m[2]!));
  return { top: fieldNames(end < 0 ? text : text.slice(0, end)), parts };
}

const relayTop = ['from', 'to', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id'];
const relayPart = ['content-type', 'content-transfer-encoding', 'content-disposition', 'content-id'];
/** An attached message, rebuilt: subject and date only, no From or To of its own. */
const relayInner = ['subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id'];

const checksum = (b: Buffer) => createHash('md5').update(b).digest('hex');

/**
 * What every forwarded copy must hold, whatever was sent: only header fields the relay writes, in every
 * header block (attached messages' included); the text identical; the HTML exactly as the review page's
 * sanitizer leaves it, with no remote resource; every attachment that is not removed byte-exact, under
 * the name the reviewer saw, and no removed one.
 */
export async function expectFaithfulCopy(sent: Buffer, forwarded: Buffer, where: string, top = relayTop): Promise<void> {
  const blocks = headerBlocks(forwarded);
  for (const key of blocks.top) expect(top, `${where}: header ${key}`).toContain(key);
  for (const part of blocks.parts) for (const key of part) expect(relayPart, `${where}: part header ${key}`).toContain(key);

  const reviewed = await readReviewed(sent);
  const out = await simpleParser(forwarded, { skipImageLinks: true, skipTextLinks: true, skipHtmlToText: true, keepCidLinks: true });
  if (reviewed.text !== null) expect((out.text ?? '').trimEnd(), `${where}: text`).toBe(reviewed.text.trimEnd());
  const shown = shownHtml(reviewed, () => 'cid:x');
  const html = shown && shown.html.trim() ? shown : null;
  const outHtml = typeof out.html === 'string' ? out.html : null;
  // Content-IDs are the relay's own in the copy: compared with them blanked.
  const blank = (h: string) => h.replace(/cid:[^"'\s>]+/g, 'cid:x').trim();
  expect(outHtml === null ? null : blank(outHtml), `${where}: html`).toBe(html ? blank(html.html) : null);
  if (outHtml) expect(outHtml, `${where}: no remote resource`).not.toMatch(/<(img|link|script|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);

  const files = (list: { filename?: string | null | undefined; content: Buffer }[]) => list.map((a) => `${a.filename ?? ''} ${checksum(a.content)}`).sort();
  const kept = reviewed.attachments.filter((a) => a.removed === null && !a.message);
  expect(files(out.attachments.filter((a) => a.contentType !== 'message/rfc822')), `${where}: attachments`).toEqual(files(kept));
  const inner = out.attachments.filter((a) => a.contentType === 'message/rfc822');
  expect(inner.length, `${where}: attached messages`).toBe(reviewed.attachments.filter((a) => a.removed === null && a.message).length);
  const sentInner = reviewed.attachments.filter((a) => a.removed === null && a.message);
  for (const [i, m] of inner.entries()) await expectFaithfulCopy(sentInner[i]!.content, m.content, `${where} > ${m.filename}`, relayInner);
}

/** The copy the relay would forward of `raw` to Pat, from a pair of the "Bright Futures" program. */
export async function forwardOf(raw: Buffer, extra: Partial<ForwardInput> = {}): Promise<Buffer> {
  const reviewed = await readReviewed(raw);
  return composeForward({
    reviewed,
    subject: reviewed.subject,
    senderName: 'Morgan Mentor',
    programName: 'Bright Futures',
    alias: 'pair-abcdefghij@relay.test',
    to: 'pat@school.example',
    messageId: 'relay-1@relay.test',
    inReplyTo: null,
    references: [],
    now: new Date(Date.UTC(2026, 10, 28, 12)),
    ...extra,
  });
}
