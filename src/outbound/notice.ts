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

export interface UrgentAlert {
  programName: string;
  domain: string;
  to: string;
  messageId: number;
  senderName: string;
  senderRole: 'mentor' | 'protégé';
  recipientName: string;
  alias: string;
  subject: string;
  receivedAt: Date;
  /** Each urgent match: what it is, and the words in their sentence with the match marked »like this«. */
  matches: { what: string; excerpt: string }[];
  /** The review page's link to the message, when the relay knows its public address. */
  link: string | null;
}

/** The alert a safeguarding contact receives at once when a held message has an urgent flag. */
export async function composeUrgentAlert(a: UrgentAlert): Promise<Buffer> {
  const text = [
    `A message held for review in ${a.programName} has an urgent flag. It has NOT been delivered.`,
    '',
    `From:     ${a.senderName} (${a.senderRole})`,
    `To:       ${a.recipientName}`,
    `Pair:     ${a.alias}`,
    `Subject:  ${a.subject || '(no subject)'}`,
    `Received: ${a.receivedAt.toUTCString()}`,
    '',
    'What was found:',
    ...a.matches.map((m) => `- ${m.what}: ${m.excerpt}`),
    '',
    a.link ? `Review it: ${a.link}` : `Review it on the review page: message ${a.messageId}.`,
  ].join('\n');
  const composer = new MailComposer({
    from: formatAddress(`${a.programName} safeguarding`, `no-reply@${a.domain}`),
    to: a.to,
    subject: `Urgent: message ${a.messageId} from ${a.senderName} needs review`,
    text,
    priority: 'high',
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}

/** The flag's first span in its sentence, with the matched words marked »like this«. */
export function highlighted(text: string, span: { start: number; end: number }, context = 60): string {
  const start = Math.max(0, span.start - context);
  const end = Math.min(text.length, span.end + context);
  const pick = (a: number, b: number) => text.slice(a, b).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${pick(start, span.start)}»${pick(span.start, span.end)}«${pick(span.end, end)}${end < text.length ? '…' : ''}`.trim();
}

export interface Digest {
  programName: string;
  domain: string;
  to: string;
  now: Date;
  items: { id: number; subject: string; from: string; to: string; receivedAt: Date; flags: { type: string; severity: string }[]; link: string | null }[];
}

/** The daily list, for the safeguarding contacts, of flagged messages that still wait for a reviewer. */
export async function composeDigest(d: Digest): Promise<Buffer> {
  const hours = (at: Date) => Math.max(0, Math.round((d.now.getTime() - at.getTime()) / 3_600_000));
  const lines = d.items.map((m) => {
    const types = [...new Set(m.flags.map((f) => (f.severity === 'urgent' ? `${f.type} (URGENT)` : f.type)))].join(', ');
    return [`- Message ${m.id}, ${m.from} → ${m.to}, waiting ${hours(m.receivedAt)} h: "${m.subject || '(no subject)'}"`, `  flags: ${types}`, ...(m.link ? [`  ${m.link}`] : [])].join('\n');
  });
  const text = [
    d.items.length === 0
      ? `No flagged message is waiting for review in ${d.programName}.`
      : `${d.items.length} flagged message${d.items.length > 1 ? 's are' : ' is'} waiting for review in ${d.programName}, oldest first:`,
    '',
    ...lines,
  ].join('\n');
  const composer = new MailComposer({
    from: formatAddress(`${d.programName} safeguarding`, `no-reply@${d.domain}`),
    to: d.to,
    subject: `Daily review digest: ${d.items.length} flagged message${d.items.length === 1 ? '' : 's'} waiting`,
    text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}
