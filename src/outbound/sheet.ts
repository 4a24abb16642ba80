import MailComposer from 'nodemailer/lib/mail-composer';
import { sheetDocument } from '../program/sheet-document.js';
import { findSheetSend } from '../program/responsibility.repository.js';
import { sheetCsv, sheetText, type SheetRow } from '../program/sheet.js';
import type { Prepare } from './mail.js';
import { formatAddress } from './threading.js';

/**
 * The responsibility sheet, to one organizer, composed from the matrix recorded with its send: the
 * mail shows what the send says was sent, even if the matrix changed while the mail waited.
 */
export const prepareSheet: Prepare = async (ctx, row) => {
  const send = row.sheet_send_id === null ? undefined : await findSheetSend(ctx.db, row.sheet_send_id);
  if (!send || !row.notice_to) throw new Error('the sheet send or its recipient is missing');
  const raw = await composeSheetMail({ programName: ctx.programName, domain: ctx.domain, to: row.notice_to, sentAt: send.sent_at, rows: JSON.parse(send.snapshot) as SheetRow[] });
  return { envelope: { from: '', to: [row.notice_to] }, raw, name: `sheet-${send.id}-${row.id}` };
};

export interface SheetMail {
  programName: string;
  domain: string;
  to: string;
  sentAt: number;
  rows: SheetRow[];
}

/** The sheet as text and as the same HTML document the print view shows, with the CSV attached. */
export async function composeSheetMail(m: SheetMail): Promise<Buffer> {
  const date = new Date(m.sentAt).toISOString().slice(0, 10);
  const unassigned = m.rows.filter((r) => !r.organization).length;
  const text = [
    `Who is responsible for what in ${m.programName}, as of ${date}.`,
    'For each task, ONE organization and ONE person of it are ultimately responsible for doing it, or for making sure it is assigned appropriately.',
    unassigned ? `${unassigned} of ${m.rows.length} tasks are still unassigned.` : `All ${m.rows.length} tasks are assigned.`,
    '',
    sheetText(m.rows),
    '',
    'You receive this because you are one of the program’s organizers. The same sheet is attached as CSV.',
  ].join('\n');
  const composer = new MailComposer({
    from: formatAddress(`${m.programName} coordinators`, `no-reply@${m.domain}`),
    to: m.to,
    subject: `${m.programName}: responsibility sheet of ${date}`,
    text,
    html: sheetDocument({ programName: m.programName, at: m.sentAt, rows: m.rows }),
    attachments: [{ filename: `responsibilities-${date}.csv`, content: sheetCsv(m.rows), contentType: 'text/csv; charset=utf-8' }],
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return composer.compile().build();
}
