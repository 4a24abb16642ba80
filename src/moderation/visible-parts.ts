import { htmlAsText } from '../messages/html-text.js';
import { decodeText, isTextLike, type ReviewedAttachment, type ReviewedMessage } from '../messages/reviewed.js';
import { asSaved, blockedReason } from '../screening/attachments.js';
import type { AttachmentInfo, ScreeningInput } from '../screening/types.js';

// Apart from read-message.ts, so that what composes an alert does not load the detectors.

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
