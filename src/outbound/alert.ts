import MailComposer from 'nodemailer/lib/mail-composer';
import { readArchiveParts } from '../messages/archive.js';
import { readReviewed } from '../messages/reviewed.js';
import type { Flag } from '../screening/types.js';
import { reviewLink, type Prepare } from './mail.js';
import { loadForAlert } from './outbox.repository.js';
import { formatAddress } from './threading.js';

/** An alert to a safeguarding contact about a message with an urgent flag, the matched words marked. */
export const prepareAlert: Prepare = async (ctx, row) => {
  const m = row.message_id === null ? undefined : await loadForAlert(ctx.db, row.message_id);
  if (!m || !row.notice_to) throw new Error('the message or the alert address is missing');
  const flags = (JSON.parse(m.flags) as Flag[]).filter((f) => f.severity === 'urgent');
  const needsBody = flags.some((f) => f.spans.length > 0 && (f.field === undefined || f.field === 'body' || f.field === 'html'));
  const reviewed = needsBody ? await readReviewed(await readArchiveParts(ctx.db, m.archive_id)) : null;
  // The flag's words in their sentence, from the text screening read them in.
  const source = (f: Flag) => (f.field === 'subject' ? m.subject : f.field === 'html' ? (reviewed?.htmlText ?? '') : f.field === undefined || f.field === 'body' ? (reviewed?.readableText ?? '') : null);
  const raw = await composeUrgentAlert({
    programName: ctx.programName,
    domain: ctx.domain,
    to: row.notice_to,
    messageId: m.id,
    senderName: m.sender_name,
    senderRole: m.direction === 'mentor_to_protege' ? 'mentor' : 'protégé',
    recipientName: m.recipient_name,
    alias: `${m.alias}@${ctx.domain}`,
    subject: m.subject,
    receivedAt: new Date(m.received_at),
    matches: flags.map((f) => {
      const text = source(f);
      const where = f.field && f.field !== 'body' ? ` (in ${f.field})` : '';
      return { what: (f.detail ?? f.type) + where, excerpt: f.spans[0] && text ? highlighted(text, f.spans[0]) : f.excerpt };
    }),
    link: reviewLink(ctx, m.id),
  });
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `alert-${row.message_id}-${row.id}` };
};

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
