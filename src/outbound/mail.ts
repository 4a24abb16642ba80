import type { Kysely } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import type { OutboxRow } from './outbox.table.js';
import type { Envelope } from './transport.js';

/** One message ready to send. */
export interface Outgoing {
  envelope: Envelope;
  raw: Buffer;
  /** A file name for the file transport. */
  name: string;
}

/** What preparing any kind of mail may read. */
export interface PrepareContext {
  db: Kysely<Database>;
  clock: Clock;
  domain: string;
  programName: string;
  /** The review page's public address, for links in alerts and digests. */
  publicUrl: string | null;
  timeZone: string;
  checkInDays: number;
}

/** Prepares one outbox row's mail: one of these per kind of mail (forward, notice, alert, digest). */
export type Prepare = (ctx: PrepareContext, row: OutboxRow) => Promise<Outgoing>;

/** The review page's link to a message, when the relay knows its public address. */
export function reviewLink(ctx: PrepareContext, messageId: number): string | null {
  return ctx.publicUrl ? `${ctx.publicUrl.replace(/\/$/, '')}/review/messages/${messageId}` : null;
}
