import MailComposer from 'nodemailer/lib/mail-composer';
import { CommunicationService } from '../program/communication.service.js';
import { findProgramEvent } from '../program/program-event.repository.js';
import { reportText, weeklyReport } from '../stats/report.js';
import type { Prepare } from './mail.js';
import { formatAddress } from './threading.js';

/**
 * The weekly report of the week its program event names, composed when it is sent (so a retry the
 * next day reads the numbers as they are then), to one coordinator.
 */
export const prepareReport: Prepare = async (ctx, row) => {
  const event = row.event_id === null ? undefined : await findProgramEvent(ctx.db, row.event_id);
  if (!event || !row.notice_to || event.type !== 'weekly-report-mailed') throw new Error('the weekly report event or its recipient is missing');
  const { week } = JSON.parse(event.detail ?? '{}') as { week: string };
  const communications = new CommunicationService(ctx.db, ctx.clock, { checkInDays: ctx.checkInDays });
  const report = await weeklyReport(ctx.db, communications, { week, timeZone: ctx.timeZone, domain: ctx.domain, programName: ctx.programName, now: ctx.clock.now() });
  const base = ctx.publicUrl?.replace(/\/$/, '');
  const text = [
    reportText(report, ctx.timeZone).trimEnd(),
    '',
    base ? `The dashboard: ${base}/program/dashboard?week=${week}` : 'The dashboard is the Program menu\'s Dashboard page of the relay.',
    'You receive this because you coordinate the program; the relay\'s reports settings choose who gets it and when.',
  ].join('\n');
  const raw = await new MailComposer({
    from: formatAddress(`${ctx.programName} relay`, `no-reply@${ctx.domain}`),
    to: row.notice_to,
    subject: `Weekly report ${week}: ${report.nudges.length} pair${report.nudges.length === 1 ? '' : 's'} to nudge, ${report.summary.backlog} waiting for review`,
    text,
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
    .compile()
    .build();
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `report-${week}-${row.id}` };
};
