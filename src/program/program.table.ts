import type { Generated, Insertable, Selectable } from 'kysely';

export const personRoles = ['mentor', 'protege', 'parent', 'staff'] as const;
export type PersonRole = (typeof personRoles)[number];

/** The kinds the pages suggest; an organization's kind is free text (a program may have its own). */
export const organizationKinds = ['school', 'company', 'nonprofit', 'other'] as const;

export const pairStatuses = ['active', 'paused', 'closed'] as const;
export type PairStatus = (typeof pairStatuses)[number];

export interface OrganizationTable {
  id: Generated<number>;
  name: string;
  kind: string;
  created_at: number;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  role: PersonRole;
  organization_id: number | null;
  created_at: number;
}

export interface PersonEmailTable {
  address: string;
  person_id: number;
  verified: Generated<number>;
  created_at: number;
}

export interface PairTable {
  id: Generated<number>;
  alias: string;
  mentor_id: number;
  protege_id: number;
  status: PairStatus;
  started_at: number;
  ended_at: number | null;
  /** Moderation mode hold-flagged approves this pair's unflagged messages without a reviewer. */
  trusted: Generated<number>;
}

export interface ProgramTables {
  organizations: OrganizationTable;
  people: PersonTable;
  person_emails: PersonEmailTable;
  pairs: PairTable;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type PersonRow = Selectable<PersonTable>;
export type PairRow = Selectable<PairTable>;
export type NewPair = Insertable<PairTable>;
