import { encodeWord, isPlainText, quoteString } from 'nodemailer/lib/mime-funcs';
import { headerText, messageIds, parseHeaderBlock, splitMessage } from '../messages/headers.js';

/** The IDs in a message's In-Reply-To and References headers, for looking up its threading map. */
export function referencedIds(raw: Buffer): { inReplyTo: string[]; references: string[] } {
  const headers = parseHeaderBlock(splitMessage(raw).header);
  return { inReplyTo: messageIds(headerText(headers, 'in-reply-to')), references: messageIds(headerText(headers, 'references')) };
}

/**
 * Maps In-Reply-To and References through the threading map (an ID as the sender's client wrote it →
 * the ID the recipient's client knows); IDs not in the map are dropped. In-Reply-To falls back to the
 * last known ID of References when it is missing or unknown (some clients only write References).
 */
export function threadHeaders(refs: { inReplyTo: string[]; references: string[] }, threading: ReadonlyMap<string, string>): { inReplyTo: string | null; references: string[] } {
  const mapped = (ids: string[]) => ids.map((id) => threading.get(id)).filter((id): id is string => id !== undefined);
  const references = [...new Set(mapped(refs.references))];
  const inReplyTo = mapped(refs.inReplyTo)[0] ?? references[references.length - 1] ?? null;
  if (inReplyTo && !references.includes(inReplyTo)) references.push(inReplyTo);
  return { inReplyTo, references };
}

/** `"Name" <address>`, with the name quoted, or RFC 2047-encoded when it is not plain ASCII. */
export function formatAddress(name: string, address: string): string {
  const clean = name.replace(/[\r\n\t]+/g, ' ').trim();
  const display = isPlainText(clean) ? quoteString(clean) : encodeWord(clean, 'Q', 52);
  return `${display} <${address}>`;
}
