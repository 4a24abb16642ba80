import MailComposer from 'nodemailer/lib/mail-composer';
import type { ExpiryDetail } from '../program/background-check-expiry.js';
import { findProgramEvent } from '../program/program-event.repository.js';
import { seedTasks } from '../program/seed-tasks.js';
import type { Prepare } from './mail.js';
import { formatAddress } from './threading.js';

/** A notice about the program's people, composed from the program event that recorded what happened. */
export const prepareLifecycle: Prepare = async (ctx, row) => {
  const event = row.event_id === null ? undefined : await findProgramEvent(ctx.db, row.event_id);
  if (!event || !row.notice_to || event.type !== 'background-check-expired') throw new Error('the lifecycle event or its recipient is missing');
  const detail = JSON.parse(event.detail ?? '{}') as ExpiryDetail;
  const raw = await composeExpiryNotice({ programName: ctx.programName, domain: ctx.domain, to: row.notice_to, publicUrl: ctx.publicUrl, detail });
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `lifecycle-${event.id}-${row.id}` };
};

export interface ExpiryNotice {
  programName: string;
  domain: string;
  to: string;
  publicUrl: string | null;
  detail: ExpiryDetail;
}

/** To the person responsible for background checks: whose check expired, which pairs are paused, what to do. */
export async function composeExpiryNotice(n: ExpiryNotice): Promise<Buffer> {
  const d = n.detail;
  const day = d.expiredAt.slice(0, 10);
  const page = n.publicUrl ? `${n.publicUrl.replace(/\/$/, '')}/program/people/${d.mentorId}` : null;
  const text = [
    `The background check of ${d.mentorName}, a mentor of ${n.programName}, expired on ${day}.`,
    '',
    d.pairs.length === 0
      ? 'They are in no active pair, so nothing was paused; a new pair of theirs will not open before a new check is cleared.'
      : `The relay paused ${d.pairs.length === 1 ? 'their pair' : `their ${d.pairs.length} pairs`}: no mail goes through until a new check is cleared.`,
    ...d.pairs.map((p) => `- ${p.alias}, with ${p.protegeName}`),
    '',
    `To resume, record the new background check${page ? ` on ${page}` : ` on the mentor's page under /program/people/${d.mentorId}`}`,
    `or with: mentor-relay onboarding record ${d.mentorId} background-check --status cleared --expires YYYY-MM-DD`,
    d.pairs.length === 0 ? '' : 'The paused pairs resume by themselves when it is recorded.',
    '',
    d.responsible === 'task'
      ? `You receive this because you are responsible for ${seedTasks.backgroundChecks}.`
      : `You receive this because nobody is responsible for ${seedTasks.backgroundChecks} and you are a coordinator of the program. Assign the task on the Responsibilities page.`,
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  const composer = new MailComposer({
    from: formatAddress(`${n.programName} relay`, `no-reply@${n.domain}`),
    to: n.to,
    subject: `${n.programName}: the background check of ${d.mentorName} expired${d.pairs.length ? ', pairs paused' : ''}`,
    text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}
