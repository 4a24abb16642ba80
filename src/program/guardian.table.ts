import type { Insertable, Selectable } from 'kysely';

/** A protégé's guardian: a person of role parent, linked once to each child of theirs. */
export interface GuardianTable {
  protege_id: number;
  person_id: number;
  /** As the coordinator wrote it: mother, father, guardian ... */
  relationship: string;
  /** E.164, or null. */
  phone: string | null;
  created_at: number;
}

export interface GuardianTables {
  guardians: GuardianTable;
}

export type GuardianRow = Selectable<GuardianTable>;
export type NewGuardian = Insertable<GuardianTable>;
