import { toIso, toIsoOrNull } from '../db/time.js';
import { invalid } from '../errors.js';
import type { MissingStep } from './pair-readiness.js';
import type { CloseReason, OrganizationRow, PairRow, PairStatus, PairStatusReason, PersonRole, PersonRow } from './program.table.js';

/** The program's records as the domain (and the API) sees them, and their mapping from rows. */

export interface Organization {
  id: number;
  name: string;
  kind: string;
  createdAt: string;
}

export interface Person {
  id: number;
  name: string;
  /** The first address (null for a parent the program reaches by phone or letter); every address in `emails` identifies the person as a sender. */
  email: string | null;
  emails: string[];
  role: PersonRole;
  organizationId: number | null;
  createdAt: string;
}

export interface Pair {
  id: number;
  alias: string;
  status: PairStatus;
  mentorId: number;
  protegeId: number;
  /** When the pair opened (while pending: when it was created). */
  startedAt: string;
  endedAt: string | null;
  trusted: boolean;
  /** Why the relay itself paused the pair; null when a person did, or it is not paused. */
  statusReason: PairStatusReason | null;
  /** A pending pair's (or one paused for an expired check's) missing onboarding steps, mentor's first. */
  missing?: MissingStep[];
  closeReason: CloseReason | null;
  closeNote: string | null;
  /** Whether the participants are to be matched again; null until closed. */
  rematch: boolean | null;
}

export const toOrganization = (r: OrganizationRow): Organization => ({ id: r.id, name: r.name, kind: r.kind, createdAt: toIso(r.created_at) });

export const toPerson = (r: PersonRow, emails: string[]): Person => ({
  id: r.id,
  name: r.name,
  email: emails[0] ?? null,
  emails,
  role: r.role,
  organizationId: r.organization_id,
  createdAt: toIso(r.created_at),
});

export type NewPersonInput = { name: string; email: string; emails?: string[]; role: PersonRole; organizationId?: number | null };

/** A pair with both participants' names, as the pages list it. */
export interface PairWithNames extends Pair {
  mentorName: string;
  protegeName: string;
}

/** What a coordinator should look at first (the /program overview). */
export interface Attention {
  /** Mentors, protégés and staff people with no organization. */
  withoutOrganization: Person[];
  /** Mentors and protégés in no active or paused pair. */
  waitingForPair: Person[];
  /** Pairs waiting for onboarding, each with what is missing. */
  pendingPairs: PairWithNames[];
  pausedPairs: PairWithNames[];
  /** With the gate on: active pairs whose participants have not completed onboarding (made before the gate, or with it off). */
  unclearedPairs: PairWithNames[];
}

export const pairAddress = (alias: string, domain: string) => `${alias}@${domain}`;

export const toPair = (r: PairRow, domain: string): Pair => ({
  id: r.id,
  alias: pairAddress(r.alias, domain),
  status: r.status,
  mentorId: r.mentor_id,
  protegeId: r.protege_id,
  startedAt: toIso(r.started_at),
  endedAt: toIsoOrNull(r.ended_at),
  trusted: r.trusted === 1,
  statusReason: r.status_reason,
  closeReason: r.close_reason,
  closeNote: r.close_note,
  rematch: r.rematch === null ? null : r.rematch === 1,
});

// A pragmatic address check (RFC 5321 mailbox, no quoted local parts): what a person's mail client
// sends from. Printable ASCII only (a control character shows one address in a header and sends to
// another), and no `%` or `!`, which old mail servers read as a route to a further address.
const emailPattern = /^[A-Za-z0-9#$&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export function normalizeEmail(field: string, email: string): string {
  const e = email.trim().toLowerCase();
  if (!emailPattern.test(e)) throw invalid(field, `not an email address: ${JSON.stringify(email)}`);
  return e;
}


/**
 * A name as people type it, trimmed; empty or holding a control character (an escape sequence
 * that would drive a terminal, a line break that would split a header) is refused, and so is a
 * character that reorders or breaks the text around it on screen (U+202A-U+202E, U+2066-U+2069,
 * U+2028, U+2029): `Pat‮evil` shows as something else than it says.
 */
export function plainText(field: string, value: string): string {
  const v = value.trim();
  if (!v) throw invalid(field, 'must not be empty');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) throw invalid(field, 'must not hold control characters (line breaks, escapes)');
  if (/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(v)) throw invalid(field, 'must not hold characters that reorder or break the text (direction overrides, line separators)');
  return v;
}

/** A note as people type it: several lines allowed, but no other control character; at most 2,000 characters. */
export function plainNote(field: string, value: string): string {
  const v = value.trim();
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(v.replace(/\r\n/g, '\n'))) throw invalid(field, 'must not hold control characters other than line breaks');
  if (v.length > 2000) throw invalid(field, 'must be at most 2,000 characters');
  return v.replace(/\r\n/g, '\n');
}

/** A pair the onboarding gate holds: pending, or paused by the relay (an expired background check, a failed step). */
export const waitsForOnboarding = (r: Pick<PairRow, 'status' | 'status_reason'>) => r.status === 'pending' || (r.status === 'paused' && r.status_reason !== null);
