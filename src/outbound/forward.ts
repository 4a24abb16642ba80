import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { readArchiveParts } from '../messages/archive.js';
import { readReviewed, shownHtml, type ReviewedAttachment, type ReviewedMessage } from '../messages/reviewed.js';
import type { Prepare } from './mail.js';
import { loadForDelivery, threadingMap } from './outbox.repository.js';
import { referencedIds, threadHeaders } from './threading.js';

/**
 * The approved message for the other participant, rebuilt from what the reviewer was shown (from the
 * edited copy when the reviewer edited it). The envelope sender is at the relay's domain (VERP style),
 * so bounces come back to the relay, never to a participant.
 */
export const prepareForward: Prepare = async (ctx, row) => {
  const message = row.message_id === null ? undefined : await loadForDelivery(ctx.db, row.message_id);
  if (!message || message.status !== 'approved') throw new Error(message ? `the message is ${message.status}` : 'the message is missing');
  if (!message.recipient_address) throw new Error('the recipient has no address');
  const parts = await readArchiveParts(ctx.db, message.forward_archive_id ?? message.archive_id);
  // Threading comes from the original's header: an edited copy keeps the thread it answered.
  const original = message.forward_archive_id === null ? Buffer.concat(parts) : Buffer.concat(await readArchiveParts(ctx.db, message.archive_id));
  const refs = referencedIds(original);
  const threading = await threadingMap(ctx.db, message.pair_id, message.sender_id, [...refs.inReplyTo, ...refs.references]);
  const raw = await composeForward({
    reviewed: await readReviewed(parts),
    subject: message.subject,
    senderName: message.sender_name,
    programName: ctx.programName,
    alias: `${message.alias}@${ctx.domain}`,
    to: message.recipient_address,
    messageId: message.relay_message_id,
    ...threadHeaders(refs, threading),
    now: new Date(ctx.clock.now()),
  });
  return { envelope: { from: `bounces+${message.id}@${ctx.domain}`, to: [message.recipient_address] }, raw, name: `message-${message.id}` };
};

export interface ForwardInput {
  /** The message as the reviewer was shown it (readReviewed of the archived, or edited, copy). */
  reviewed: ReviewedMessage;
  /** The subject as stored at arrival: what the queue and the page show, and what screening read. */
  subject: string;
  /** The sender's name as the program knows it (never the original header's display name). */
  senderName: string;
  programName: string;
  /** The pair's alias address: the copy comes from it, so replies come back through the relay. */
  alias: string;
  /** The recipient's real address. */
  to: string;
  /** The relay's Message-ID for this copy, without angle brackets (at the relay's domain). */
  messageId: string;
  /** Threading, already mapped to IDs the recipient's client knows. */
  inReplyTo: string | null;
  references: string[];
  /** Used for Date when the original has none. */
  now: Date;
}

/**
 * The forwarded copy, composed from the reviewed parts only: the relay writes every header block
 * (the top one and each part's), so nothing of the sender's MIME structure passes through: no
 * Received, Reply-To, X-*, Content-Description or Content-ID of theirs, and a Date in UTC (a UTC
 * offset tells where a sender lives). Text identical, HTML as the review page's sanitizer leaves
 * it, attachments byte-exact except those screening blocks, attached messages rebuilt the same way.
 */
export async function composeForward(input: ForwardInput): Promise<Buffer> {
  const options: Mail.Options = {
    ...(await body(input.reviewed, input.messageId, input.now)),
    from: { name: `${input.senderName} via ${input.programName}`.replace(/[\r\n\t]+/g, ' ').trim(), address: input.alias },
    to: input.to,
    subject: input.subject,
    date: input.reviewed.date ?? input.now,
    messageId: `<${input.messageId}>`,
    ...(input.inReplyTo ? { inReplyTo: `<${input.inReplyTo}>` } : {}),
    ...(input.references.length ? { references: input.references.map((id) => `<${id}>`).join(' ') } : {}),
  };
  return build(options);
}

/** Text, sanitized HTML and the attachments that go, each with a header block of the relay's own. */
async function body(m: ReviewedMessage, messageId: string, now: Date): Promise<Mail.Options> {
  const [local, domain] = splitId(messageId);
  const cidOf = (a: ReviewedAttachment) => `part${m.attachments.indexOf(a) + 1}.${local}@${domain}`;
  // HTML that sanitizes to nothing (hostile nesting, say) is no HTML part.
  const shown = shownHtml(m, (a) => `cid:${cidOf(a)}`);
  const html = shown && shown.html.trim() ? shown : null;
  const linked = new Set(m.attachments.filter((a) => html?.html.includes(`cid:${cidOf(a)}`)));
  const attachments: Mail.Attachment[] = [];
  for (const [i, a] of m.attachments.entries()) {
    if (a.removed !== null) continue;
    const common = { filename: a.filename ?? (false as const), contentTransferEncoding: 'base64' as const };
    if (a.message) {
      // RFC 2046 §5.2.1: a message/rfc822 part is 7bit, 8bit or binary, never base64; the rebuilt one is 7-bit clean.
      attachments.push({ filename: a.filename ?? false, contentType: 'message/rfc822', contentDisposition: 'attachment', contentTransferEncoding: '7bit', content: await innerMessage(a.message, `msg${i + 1}.${local}@${domain}`, now) });
      continue;
    }
    const inline = linked.has(a);
    attachments.push({
      ...common,
      contentType: a.contentType,
      content: a.content,
      contentDisposition: inline ? 'inline' : 'attachment',
      ...(inline ? { cid: cidOf(a) } : {}),
    });
  }
  return {
    ...(m.text !== null ? { text: m.text } : {}),
    ...(html ? { html: html.html } : {}),
    ...(m.text === null && !html ? { text: '' } : {}),
    attachments,
    // Nothing is read from disk or the network while composing: every byte comes from the review.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** An attached message, rebuilt: its subject, date (UTC) and parts; its From/To/Cc lines are not forwarded. */
async function innerMessage(m: ReviewedMessage, messageId: string, now: Date): Promise<Buffer> {
  return build({ ...(await body(m, messageId, now)), subject: m.subject, date: m.date ?? now, messageId: `<${messageId}>` });
}

function splitId(messageId: string): [string, string] {
  const at = messageId.lastIndexOf('@');
  return at < 0 ? [messageId, 'relay.invalid'] : [messageId.slice(0, at), messageId.slice(at + 1)];
}

function build(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}
