import type { Generated, Insertable, Selectable } from 'kysely';

/** How a contact happened. */
export const communicationChannels = ['email', 'phone', 'text', 'video', 'in-person', 'letter', 'other'] as const;
export type CommunicationChannel = (typeof communicationChannels)[number];

/** The kind of a staff check-in with a mentor or a protégé (`kind` is free text otherwise). */
export const CHECK_IN = 'check-in';

/** One contact staff had with a mentor, a protégé or a parent. */
export interface CommunicationTable {
  id: Generated<number>;
  person_id: number;
  channel: CommunicationChannel;
  /** Free, lower-cased; `check-in` for a staff check-in. */
  kind: string | null;
  summary: string;
  /** When the contact happened (from the request, or the relay's clock). */
  at: number;
  follow_up_due: number | null;
  follow_up_done_at: number | null;
  actor: string;
  recorded_at: number;
}

export interface CommunicationTables {
  communications: CommunicationTable;
}

export type CommunicationRow = Selectable<CommunicationTable>;
export type NewCommunication = Insertable<CommunicationTable>;
