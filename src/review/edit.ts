import MailComposer from 'nodemailer/lib/mail-composer';
import type { ParsedMail } from 'mailparser';

/**
 * The copy forwarded after "approve with edits": the reviewer's text replaces the message's text,
 * the HTML alternative is dropped (it would still hold what the reviewer removed), and subject,
 * date, threading headers and attachments are kept. The original stays in the archive untouched.
 */
export async function composeEdited(original: ParsedMail, editedText: string): Promise<Buffer> {
  const ids = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(' ') : v);
  const composer = new MailComposer({
    subject: original.subject ?? '',
    date: original.date ?? new Date(),
    text: editedText,
    inReplyTo: original.inReplyTo,
    references: ids(original.references),
    attachments: original.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      contentDisposition: a.contentDisposition === 'inline' ? 'inline' : 'attachment',
      cid: a.cid,
    })),
  });
  return composer.compile().build();
}
