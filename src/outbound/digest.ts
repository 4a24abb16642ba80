import MailComposer from 'nodemailer/lib/mail-composer';
import type { Flag } from '../screening/types.js';
import { reviewLink, type Prepare } from './mail.js';
import { loadFlaggedWaiting } from './outbox.repository.js';
import { formatAddress } from './threading.js';

/** The daily digest: every flagged message still waiting, oldest first, composed when it is sent. */
export const prepareDigest: Prepare = async (ctx, row) => {
  if (!row.notice_to) throw new Error('the digest address is missing');
  const waiting = await loadFlaggedWaiting(ctx.db, 200);
  const raw = await composeDigest({
    programName: ctx.programName,
    domain: ctx.domain,
    to: row.notice_to,
    now: new Date(ctx.clock.now()),
    items: waiting.map((m) => ({
      id: m.id,
      subject: m.subject,
      from: m.sender_name,
      to: m.recipient_name,
      receivedAt: new Date(m.received_at),
      flags: JSON.parse(m.flags) as Flag[],
      link: reviewLink(ctx, m.id),
    })),
  });
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `digest-${row.id}` };
};

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
