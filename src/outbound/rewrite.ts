import { Headers } from '@zone-eu/mailsplit';
import { encodeWord, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs';
import { headerText, messageIds, parseHeaderBlock, splitMessage } from '../messages/headers.js';

/**
 * The only original header fields that survive forwarding. An allowlist, not a blocklist: any
 * header we do not know (X-Originating-IP, Received, DKIM-Signature, Disposition-Notification-To,
 * List-*, Autocrypt, ...) could carry the sender's real address, so none of them passes.
 */
export function isForwardedHeader(key: string): boolean {
  return key === 'subject' || key === 'date' || key === 'mime-version' || key.startsWith('content-');
}

export interface RewriteInput {
  /** The original message, byte-exact as archived. */
  raw: Buffer;
  /** The sender's name as the program knows it (never the original header's display name). */
  senderName: string;
  programName: string;
  /** The pair's alias address: the forwarded message comes from it, so replies come back through the relay. */
  alias: string;
  /** The recipient's real address. */
  to: string;
  /** The relay's Message-ID for this copy, without angle brackets. */
  messageId: string;
  /**
   * The threading map for this message's references: an ID as the sender's client wrote it → the
   * ID the recipient's client knows. IDs not in the map are dropped.
   */
  threading: ReadonlyMap<string, string>;
  /** Used for Date only when the original has none. */
  now: Date;
}

/** The IDs in a message's In-Reply-To and References headers, for looking up its threading map. */
export function referencedIds(raw: Buffer): { inReplyTo: string[]; references: string[] } {
  const headers = parseHeaderBlock(splitMessage(raw).header);
  return { inReplyTo: messageIds(headerText(headers, 'in-reply-to')), references: messageIds(headerText(headers, 'references')) };
}

/** Builds the forwarded message: new header from the allowlist and the relay's own fields, the body unchanged. */
export function rewriteForForwarding(input: RewriteInput): Buffer {
  const { header, body } = splitMessage(input.raw);
  const original = parseHeaderBlock(header);
  const lineEnd = header.includes('\r\n') || header.length === 0 ? '\r\n' : '\n';

  const out = new Headers([]);
  const add = (key: string, value: string) => out.add(key, value, Number.MAX_SAFE_INTEGER);
  add('From', formatAddress(`${input.senderName} via ${input.programName}`, input.alias));
  add('To', input.to);
  for (const line of original.getList()) {
    if (isForwardedHeader(line.key)) out.addFormatted(line.key, line.line, Number.MAX_SAFE_INTEGER);
  }
  if (!original.hasHeader('date')) add('Date', input.now.toUTCString().replace('GMT', '+0000'));
  add('Message-ID', `<${input.messageId}>`);

  const { inReplyTo, references } = threadHeaders(original, input.threading);
  if (inReplyTo) add('In-Reply-To', `<${inReplyTo}>`);
  if (references.length > 0) add('References', references.map((id) => `<${id}>`).join(' '));

  return Buffer.concat([out.build(lineEnd), body]);
}

/**
 * Maps In-Reply-To and References through the threading map. In-Reply-To falls back to the last
 * known ID of References when it is missing or unknown (some clients only write References).
 */
function threadHeaders(original: Headers, threading: ReadonlyMap<string, string>): { inReplyTo: string | null; references: string[] } {
  const mapped = (ids: string[]) => ids.map((id) => threading.get(id)).filter((id): id is string => id !== undefined);
  const references = [...new Set(mapped(messageIds(headerText(original, 'references'))))];
  const inReplyTo = mapped(messageIds(headerText(original, 'in-reply-to')))[0] ?? references[references.length - 1] ?? null;
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  return { inReplyTo, references };
}

/** `"Name" <address>`, with the name quoted, or RFC 2047-encoded when it is not plain ASCII. */
export function formatAddress(name: string, address: string): string {
  const clean = name.replace(/[\r\n\t]+/g, ' ').trim();
  const display = isPlainText(clean) ? quoteString(clean) : encodeWord(clean, 'Q', 52);
  return `${display} <${address}>`;
}
