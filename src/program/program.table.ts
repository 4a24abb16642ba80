import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const personRoles = ['mentor', 'protege', 'parent', 'staff'] as const;
export type PersonRole = (typeof personRoles)[number];

/** The kinds the pages suggest; an organization's kind is free text (a program may have its own). */
export const organizationKinds = ['school', 'company', 'nonprofit', 'other'] as const;

/**
 * pending: waiting for both participants' onboarding (RELAY_REQUIRE_ONBOARDING); active: mail flows;
 * paused: mail waits; closed: for good.
 */
export const pairStatuses = ['pending', 'active', 'paused', 'closed'] as const;
export type PairStatus = (typeof pairStatuses)[number];
/** What a person may set a pair to with a status change; a pair becomes pending only when created. */
export const settablePairStatuses = ['active', 'paused', 'closed'] as const;
export type SettablePairStatus = (typeof settablePairStatuses)[number];

/** Why a pair closed (MENTOR's Elements of Effective Practice: every closure has a reason). */
export const closeReasons = ['completed', 'mentor-initiated', 'protege-initiated', 'safety', 'other'] as const;
export type CloseReason = (typeof closeReasons)[number];

/** Why the relay itself paused a pair (a person's pause has none). */
export const pairStatusReasons = ['background-check-expired', 'onboarding-failed'] as const;
export type PairStatusReason = (typeof pairStatusReasons)[number];

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
  status_reason: ColumnType<PairStatusReason | null, PairStatusReason | null | undefined, PairStatusReason | null>;
  close_reason: ColumnType<CloseReason | null, CloseReason | null | undefined, CloseReason | null>;
  close_note: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: the participants are to be matched again; 0: not; null until closed. */
  rematch: ColumnType<number | null, number | null | undefined, number | null>;
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
