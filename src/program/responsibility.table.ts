import type { Generated, Selectable } from 'kysely';

/** What can happen to a task; each is a program event of entity `responsibility`. */
export const responsibilityEventTypes = ['created', 'renamed', 'assigned', 'unassigned', 'retired', 'restored'] as const;
export type ResponsibilityEventType = (typeof responsibilityEventTypes)[number];

/** The program records that have a history in program_events. */
export const programEntities = ['responsibility', 'sheet', 'import', 'onboarding', 'pair', 'guardian', 'communication', 'report'] as const;
export type ProgramEntity = (typeof programEntities)[number];

export interface ResponsibilityTable {
  id: Generated<number>;
  /** The order on the page and on the sheet: the source document's, then tasks added in turn. */
  position: number;
  task: string;
  organization_id: number | null;
  /** Always a person of `organization_id`; null while only the organization is chosen. */
  person_id: number | null;
  retired: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** Append-only: who changed which program record, when, and the detail (JSON, before → after). */
export interface ProgramEventTable {
  id: Generated<number>;
  entity: ProgramEntity;
  entity_id: number;
  type: string;
  actor: string;
  at: number;
  detail: string | null;
}

/** Each time the written sheet was mailed to the organizers, with the matrix as it was sent. */
export interface SheetSendTable {
  id: Generated<number>;
  sent_at: number;
  actor: string;
  /** JSON: [{name, email}] */
  recipients: string;
  matrix_hash: string;
  /** JSON: the sheet's rows as sent (SheetRow[]). */
  snapshot: string;
}

export interface ResponsibilityTables {
  responsibilities: ResponsibilityTable;
  program_events: ProgramEventTable;
  sheet_sends: SheetSendTable;
}

export type ResponsibilityRow = Selectable<ResponsibilityTable>;
export type ProgramEventRow = Selectable<ProgramEventTable>;
export type SheetSendRow = Selectable<SheetSendTable>;
