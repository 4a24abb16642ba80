import { Headers } from '@zone-eu/mailsplit';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';

/** A raw message cut at the blank line that ends its header block; `body` is the bytes after it. */
export interface SplitMessage {
  header: Buffer;
  body: Buffer;
}

/** Splits raw bytes into header block and body without copying the body. */
export function splitMessage(raw: Buffer): SplitMessage {
  const crlf = raw.indexOf('\r\n\r\n');
  // A bare-LF blank line counts only before the CRLF one: searching past it would read the whole body
  // of every CRLF message (which has no "\n\n") for nothing.
  const lf = (crlf >= 0 ? raw.subarray(0, crlf + 1) : raw).indexOf('\n\n');
  // The first blank line wins, whichever line ending the client used.
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { header: raw.subarray(0, crlf + 2), body: raw.subarray(crlf + 4) };
  if (lf >= 0) return { header: raw.subarray(0, lf + 1), body: raw.subarray(lf + 2) };
  // No blank line: the whole message is header (RFC 5322 allows an absent body).
  return { header: raw, body: Buffer.alloc(0) };
}

/** What ingest needs from a message: parsed from the header block only, never the body. */
export interface MessageHeaderInfo {
  fromAddress: string | null;
  subject: string;
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
}

export function parseHeaderBlock(header: Buffer): Headers {
  return new Headers(header);
}

/**
 * Value of a header line, unfolded, encoded words left as they are (what an address header must be
 * parsed from). Raw 8-bit bytes come back as UTF-8 when they are valid UTF-8 (mailsplit's `get`
 * decodes them), otherwise as Latin-1.
 */
export function headerValue(headers: Headers, key: string): string | null {
  const line = headers.get(key)[0];
  if (line === undefined) return null;
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]/g, ' ').trim();
}

/** Value of a header line as text: unfolded, RFC 2047 encoded words decoded. */
export function headerText(headers: Headers, key: string): string | null {
  const value = headerValue(headers, key);
  if (value === null) return null;
  return decodeWords(value);
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Message-IDs in a header (`<a@b> <c@d>`), without angle brackets, in order. */
export function messageIds(value: string | null): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  // Some clients write a bare ID without brackets.
  if (ids.length === 0 && /^[^\s<>]+@[^\s<>]+$/.test(value.trim())) return [value.trim()];
  return ids;
}

/**
 * The first mailbox of an address header's raw value (encoded words NOT decoded): its addr-spec,
 * lower-cased, and its display name, decoded. The address is parsed before any RFC 2047 decoding
 * (RFC 2047 §5: an encoded word is never part of an addr-spec), so in
 * `=?utf-8?q?morgan@corp.example=2C?= <mallory@evil.example>` the sender is mallory, and the
 * decoded "morgan@corp.example," is only the name shown beside it.
 */
export function firstMailbox(value: string | null): { address: string; name: string } | null {
  if (!value) return null;
  for (const entry of addressparser(value, { flatten: true })) {
    if ('address' in entry && entry.address && entry.address.includes('@')) {
      return { address: entry.address.trim().toLowerCase(), name: decodeWords(entry.name ?? '') };
    }
  }
  return null;
}

/** The first mailbox address of an address header's raw value, lower-cased; null when there is none. */
export function firstAddress(value: string | null): string | null {
  return firstMailbox(value)?.address ?? null;
}

export function readHeaderInfo(raw: Buffer): MessageHeaderInfo {
  const headers = parseHeaderBlock(splitMessage(raw).header);
  return {
    fromAddress: firstAddress(headerValue(headers, 'from')),
    subject: headerText(headers, 'subject') ?? '',
    messageId: messageIds(headerText(headers, 'message-id'))[0] ?? null,
    inReplyTo: messageIds(headerText(headers, 'in-reply-to')),
    references: messageIds(headerText(headers, 'references')),
  };
}
