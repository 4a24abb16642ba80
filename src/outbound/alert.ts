import MailComposer from 'nodemailer/lib/mail-composer';
import { readArchiveParts } from '../messages/archive.js';
import { readReviewed } from '../messages/reviewed.js';
import { plainText } from '../messages/text.js';
import { visibleParts } from '../moderation/visible-parts.js';
import { countBelow } from '../screening/excerpt.js';
import type { Flag } from '../screening/types.js';
import { reviewLink, type Prepare } from './mail.js';
import { loadForAlert } from './outbox.repository.js';
import { formatAddress } from './threading.js';

/**
 * An alert to a safeguarding contact about a message with an urgent flag: for each urgent flag what
 * it is (type and category), where it is (subject, body, html, attachment:NAME, message:…, with the
 * line in that text), and the matched words marked.
 */
export const prepareAlert: Prepare = async (ctx, row) => {
  const m = row.message_id === null ? undefined : await loadForAlert(ctx.db, row.message_id);
  if (!m || !row.notice_to) throw new Error('the message or the alert address is missing');
  const flags = (JSON.parse(m.flags) as Flag[]).filter((f) => f.severity === 'urgent');
  const needsParts = flags.some((f) => f.spans.length > 0 && f.field !== 'subject');
  const archived = needsParts ? await readArchiveParts(ctx.db, m.archive_id) : null;
  const reviewed = archived ? await readReviewed(archived) : null;
  // The texts screening read, the body as the review page shows it, so that a flag's spans (and
  // the line numbers) point into its own text.
  const body = archived && reviewed ? (plainText(Buffer.concat(archived)) ?? reviewed.text ?? reviewed.readableText) : null;
  const parts = new Map(reviewed ? visibleParts(reviewed).parts.map((p) => [p.field, p.text]) : []);
  const source = (f: Flag) => (f.field === 'subject' ? m.subject : f.field === undefined || f.field === 'body' ? body : (parts.get(f.field) ?? null));
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
      const what = f.category ?? f.detail;
      return {
        what: what ? `${f.type} — ${what}` : f.type,
        // A flag of no field and no span is about the message itself (its sender, an attachment).
        where: f.field === undefined && f.spans.length === 0 ? null : `${f.field ?? 'body'}${text ? linesOf(text, f.spans) : ''}`,
        excerpt: f.spans[0] && text ? highlighted(text, f.spans[0]) : f.excerpt,
      };
    }),
    link: reviewLink(ctx, m.id),
  });
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `alert-${row.message_id}-${row.id}` };
};

/** ", line 3" or ", lines 3, 5": where the spans start in a text of several lines; nothing in a one-line text. */
function linesOf(text: string, spans: { start: number }[]): string {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  if (breaks.length === 0 || spans.length === 0) return '';
  const lines = [...new Set(spans.map((s) => countBelow(breaks, s.start) + 1))];
  return `, line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''}`;
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
  /**
   * Each urgent match: what it is ("grooming — secrecy"), where ("body, line 3", "subject",
   * "attachment:notes.txt"; null for the message as a whole), and the words in their sentence with
   * the match marked »like this«.
   */
  matches: { what: string; where: string | null; excerpt: string }[];
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
    ...matchLines(a.matches),
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

/** One line a match, "- grooming — secrecy, in body, line 3: …»our secret«…"; identical lines once, with how many. */
function matchLines(matches: UrgentAlert['matches']): string[] {
  const lines = new Map<string, { head: string; excerpt: string; n: number }>();
  for (const m of matches) {
    const head = `${m.what}${m.where ? `, in ${m.where}` : ''}`;
    const seen = lines.get(`${head}: ${m.excerpt}`);
    if (seen) seen.n++;
    else lines.set(`${head}: ${m.excerpt}`, { head, excerpt: m.excerpt, n: 1 });
  }
  return [...lines.values()].map((l) => `- ${l.head}${l.n > 1 ? ` (×${l.n})` : ''}: ${l.excerpt}`);
}

/** The flag's first span in its sentence, with the matched words marked »like this«. */
export function highlighted(text: string, span: { start: number; end: number }, context = 60): string {
  const start = Math.max(0, span.start - context);
  const end = Math.min(text.length, span.end + context);
  const pick = (a: number, b: number) => text.slice(a, b).replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${pick(start, span.start)}»${pick(span.start, span.end)}«${pick(span.end, end)}${end < text.length ? '…' : ''}`.trim();
}
