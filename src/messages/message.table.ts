import type { Generated, Insertable, Selectable } from 'kysely';

export const messageStatuses = ['held', 'approved', 'delivered', 'failed', 'rejected'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const directions = ['mentor_to_protege', 'protege_to_mentor'] as const;
export type Direction = (typeof directions)[number];

export type EventType =
  | 'received'
  | 'flagged'
  | 'edited'
  | 'approved'
  | 'rejected'
  | 'queued'
  | 'attempt'
  | 'delivered'
  | 'failed'
  /** A queued forward taken back before it was sent: its pair was closed. */
  | 'withdrawn'
  | 'notified'
  | 'notice_failed'
  | 'alerted'
  | 'alert_failed';

export interface MessageArchiveTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  envelope_from: string;
  envelope_to: string;
  remote_address: string | null;
  /** The name the client gave in HELO/EHLO. */
  helo: string | null;
  /** What sender authentication found (JSON, messages/sender-auth.ts SenderAuth); null for a copy the relay made. */
  sender_auth: string | null;
  received_at: number;
}

/** The archived bytes, in order: concatenated, the parts are the message exactly as received. */
export interface MessageArchivePartTable {
  archive_id: number;
  seq: number;
  bytes: Buffer;
}

export interface MessageTable {
  id: Generated<number>;
  pair_id: number;
  archive_id: number;
  direction: Direction;
  sender_id: number;
  recipient_id: number;
  sender_address: string;
  subject: string;
  original_message_id: string | null;
  relay_message_id: string;
  received_at: number;
  size: number;
  status: MessageStatus;
  flags: Generated<string>;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
  note: string | null;
  delivered_at: number | null;
  last_error: string | null;
  /** The edited copy forwarded instead of the original (approve with edits); the original stays archived. */
  forward_archive_id: number | null;
  attachment_count: Generated<number>;
  /** When screening read the message; null until then. */
  screened_at: number | null;
}

export interface MessageEventTable {
  id: Generated<number>;
  message_id: number;
  type: EventType;
  actor: string;
  at: number;
  detail: string | null;
}

export interface MessageTables {
  message_archive: MessageArchiveTable;
  message_archive_parts: MessageArchivePartTable;
  messages: MessageTable;
  message_events: MessageEventTable;
}

export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type MessageEventRow = Selectable<MessageEventTable>;
