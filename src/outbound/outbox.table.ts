import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * forward: the approved message to the other participant; notice: a notification to its sender;
 * alert: an urgent flag, to a safeguarding contact; digest: the daily list of flagged messages waiting;
 * sheet: the responsibility sheet as sent (sheet_send_id), to one organizer; lifecycle: a notice about
 * the program's people composed from the program event that recorded it (event_id), such as an
 * expired background check, to the person responsible; report: the weekly report of the week an
 * event (event_id) names, to a coordinator.
 */
export type OutboxKind = 'forward' | 'notice' | 'alert' | 'digest' | 'sheet' | 'lifecycle' | 'report';

export interface OutboxTable {
  id: Generated<number>;
  kind: Generated<OutboxKind>;
  /** The message this mail is about; null for a digest. */
  message_id: number | null;
  /** For a notice: who receives it. */
  notice_to: string | null;
  /** For a sheet: the send whose recorded matrix the mail shows. */
  sheet_send_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** For a lifecycle notice: the program event it tells about. */
  event_id: ColumnType<number | null, number | null | undefined, number | null>;
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  claimed_by: string | null;
  claim_expires_at: number | null;
  created_at: number;
}

export interface OutboxTables {
  outbox: OutboxTable;
}

export type OutboxRow = Selectable<OutboxTable>;
