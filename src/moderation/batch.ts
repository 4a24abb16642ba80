import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { SenderAuth } from '../messages/sender-auth.js';
import type { Participant } from '../screening/types.js';
import { emailsOfPeople, unscreenedMessages } from './moderation.repository.js';

/**
 * The most messages screened in one batch (and stored in one commit on the event loop's thread): a
 * burst of 2 KB messages brings about 170 in the 100 ms a kick waits. At 50, accepting them was about
 * 3 % slower than at 200. Large messages are cut by bytes first (8 MB a batch).
 */
export const BATCH_MESSAGES = 200;

/** About the most bytes screened in one batch (a larger message is a batch of its own). */
const BATCH_BYTES = 8 * 1024 * 1024;

/** One stored message to screen, and who is on either side of it. */
export interface ScreeningJob {
  id: number;
  archiveId: number;
  subject: string;
  sender: Participant;
  recipient: Participant;
  /** The pair's alias, a full address. */
  alias: string;
  /** Whose words these are: the mentor's or the protégé's. */
  senderRole: 'mentor' | 'protege';
  /** What sender authentication found at ingest (null: not recorded). */
  senderAuth?: SenderAuth | null;
}

/** A message picked for screening, with what deciding about it afterwards needs. */
export interface Picked extends ScreeningJob {
  status: string;
  trusted: boolean;
}

/**
 * The next messages to screen, oldest first (or those of `ids` still unscreened), with their people's
 * addresses: two queries for a batch. `more` says that others wait behind them (the batch is as large
 * as a batch may be, in messages or in bytes).
 */
export async function pickBatch(db: Kysely<Database>, domain: string, ids?: number[]): Promise<{ batch: Picked[]; more: boolean }> {
  const candidates = await unscreenedMessages(db, BATCH_MESSAGES, ids);
  let bytes = 0;
  const batch = candidates.filter((m, i) => (bytes += m.size) <= BATCH_BYTES || i === 0);
  const more = candidates.length === BATCH_MESSAGES || batch.length < candidates.length;
  if (batch.length === 0) return { batch: [], more: false };
  const people = [...new Set(batch.flatMap((m) => [m.sender_id, m.recipient_id]))];
  const emails = await emailsOfPeople(db, people);
  const of = (personId: number) => emails.filter((e) => e.person_id === personId).map((e) => e.address);
  const picked = batch.map((m) => ({
    id: m.id,
    archiveId: m.archive_id,
    subject: m.subject,
    sender: { name: m.sender_name, emails: of(m.sender_id) },
    recipient: { name: m.recipient_name, emails: of(m.recipient_id) },
    alias: `${m.alias}@${domain}`,
    senderRole: m.direction === 'mentor_to_protege' ? ('mentor' as const) : ('protege' as const),
    status: m.status,
    trusted: m.trusted === 1,
    senderAuth: m.sender_auth === null ? null : (JSON.parse(m.sender_auth) as SenderAuth),
  }));
  return { batch: picked, more };
}
