import MailComposer from 'nodemailer/lib/mail-composer';
import { formatAddress } from './rewrite.js';

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
