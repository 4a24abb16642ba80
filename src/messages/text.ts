import { isAscii, isUtf8 } from 'node:buffer';
import libqp from 'libqp';
import { splitMessage } from './headers.js';

/** The decoded body of a simple text/plain message, with line endings as mailparser gives them; null otherwise. */
export function plainText(raw: Buffer): string | null {
  return plainTextHead(raw, Infinity)?.text ?? null;
}

// The two header fields this needs, found without parsing the whole header block: a field name at the
// start of a line, and its value with any folded continuation lines.
const contentType = /(?:^|\n)content-type[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/i;
const transferEncoding = /(?:^|\n)content-transfer-encoding[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/i;

/** The first such field's value, unfolded and trimmed; null when the header has none. */
function field(header: string, pattern: RegExp): string | null {
  const m = pattern.exec(header);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : null;
}

/**
 * Like plainText, but decodes at most `maxBytes` of the body (cut at a character boundary) and says
 * whether it had to cut: screening reads the head of a very long text, not all of it.
 */
export function plainTextHead(raw: Buffer, maxBytes: number): { text: string; truncated: boolean } | null {
  const split = splitMessage(raw);
  const header = split.header;
  let body = split.body;
  let truncated = false;
  const headers = header.toString('latin1');
  const type = (field(headers, contentType) ?? 'text/plain').toLowerCase();
  const [mime, ...params] = type.split(';').map((s) => s.trim());
  if (mime !== 'text/plain') return null;
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '') ?? 'us-ascii';
  if (!['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(charset) || params.some((p) => /^format=.*flowed/.test(p))) return null;
  const encoding = (field(headers, transferEncoding) ?? '7bit').toLowerCase().trim();
  if (body.length > maxBytes && encoding !== 'base64') {
    let cut = maxBytes;
    while (cut > 0 && (body[cut]! & 0xc0) === 0x80) cut--; // not inside a UTF-8 character
    body = body.subarray(0, cut);
    truncated = true;
  }
  let bytes: Buffer;
  if (encoding === '7bit' || encoding === '8bit' || encoding === 'binary') bytes = body;
  else if (encoding === 'quoted-printable') bytes = libqp.decode(body.toString('latin1'));
  else if (encoding === 'base64') bytes = Buffer.from(body.toString('latin1'), 'base64');
  else return null;
  // Checked natively before decoding: ASCII (most mail) decodes as Latin-1, the cheapest way there is;
  // bytes that are not really UTF-8 go to the full parser, which decides what they are.
  let text: string;
  if (isAscii(bytes)) text = bytes.toString('latin1');
  else if (isUtf8(bytes)) text = bytes.toString('utf8');
  else return null;
  return { text: text.replace(/\r\n/g, '\n'), truncated };
}
