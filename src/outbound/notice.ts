import MailComposer from 'nodemailer/lib/mail-composer';
import type { Prepare } from './mail.js';
import { loadForNotice } from './outbox.repository.js';
import { formatAddress } from './threading.js';

/** A notice to a participant about their message (today: that it was rejected, and why). */
export const prepareNotice: Prepare = async (ctx, row) => {
  const m = row.message_id === null ? undefined : await loadForNotice(ctx.db, row.message_id);
  if (!m || !row.notice_to) throw new Error('the message or the notice address is missing');
  const raw = await composeRejectionNotice({
    programName: ctx.programName,
    domain: ctx.domain,
    to: row.notice_to,
    senderName: m.sender_name,
    recipientName: m.recipient_name,
    subject: m.subject,
    receivedAt: new Date(m.received_at),
    reason: m.reason ?? '',
  });
  // The null reverse-path (RFC 5321 §4.5.5): nobody should answer or bounce a notice.
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `notice-${row.message_id}-${row.id}` };
};

export interface RejectionNotice {
  programName: string;
  domain: string;
  to: string;
  senderName: string;
  /** The other participant's name only: never their address. */
  recipientName: string;
  subject: string;
  receivedAt: Date;
  reason: string;
}

/** The message telling a participant that their message was not forwarded, and why. */
export async function composeRejectionNotice(n: RejectionNotice): Promise<Buffer> {
  const when = n.receivedAt.toUTCString();
  const text = [
    `Hello ${n.senderName},`,
    '',
    `Your message "${n.subject || '(no subject)'}" to ${n.recipientName}, sent ${when}, was not forwarded by the ${n.programName} reviewers.`,
    '',
    'Reason:',
    ...n.reason.split(/\r?\n/).map((line) => `> ${line}`),
    '',
    'You are welcome to write again; every message is read by a reviewer before it is delivered.',
    'This notice was sent automatically; replies to it are not read.',
  ].join('\n');
  const composer = new MailComposer({
    from: formatAddress(`${n.programName} reviewers`, `no-reply@${n.domain}`),
    to: n.to,
    subject: `Not delivered: ${n.subject || '(no subject)'}`,
    text,
    // RFC 3834: an automatic message; auto-responders must not answer it.
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  return composer.compile().build();
}
