import { parseForReading } from '../messages/archive.js';
import { plainTextHead } from '../messages/text.js';
import type { CompiledRule } from './keywords.js';
import { MAX_SCREENED_CHARS, screenMessage } from './screen.js';
import type { Flag, Participant, ScreeningOptions } from './types.js';
import { zipEntryNames } from './zip.js';

/** One stored message to screen: its raw bytes and who is on either side of it. */
export interface ScreeningJob {
  id: number;
  subject: string;
  raw: Uint8Array;
  sender: Participant;
  recipient: Participant;
  /** The pair's alias, a full address. */
  alias: string;
}

/** Reads a raw message (plain text directly, anything else through the same parse as the review page) and screens it. */
export async function screenRaw(job: ScreeningJob, domain: string, options: ScreeningOptions, rules: CompiledRule[]): Promise<Flag[]> {
  const raw = Buffer.from(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength);
  const fast = plainTextHead(raw, MAX_SCREENED_CHARS);
  const parsed = fast === null ? await parseForReading(raw) : null;
  return screenMessage(
    {
      subject: job.subject,
      text: fast?.text ?? parsed?.text ?? '',
      textTruncated: fast?.truncated ?? false,
      attachments: (parsed?.attachments ?? []).map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        entries: /\.zip$/i.test(a.filename ?? '') || /zip/i.test(a.contentType) ? zipEntryNames(a.content) : undefined,
      })),
      sender: job.sender,
      recipient: job.recipient,
      alias: job.alias,
      domain,
    },
    options,
    rules,
  );
}
