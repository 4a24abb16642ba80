import type { Generated, Selectable } from 'kysely';

export interface OutboxTable {
  id: Generated<number>;
  message_id: number;
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
