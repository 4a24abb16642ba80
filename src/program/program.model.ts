import { toIso, toIsoOrNull } from '../db/time.js';
import { invalid } from '../errors.js';
import type { OrganizationRow, PairRow, PairStatus, PersonRole, PersonRow } from './program.table.js';

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
  startedAt: string;
  endedAt: string | null;
  trusted: boolean;
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
  pausedPairs: PairWithNames[];
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
 * that would drive a terminal, a line break that would split a header) is refused.
 */
export function plainText(field: string, value: string): string {
  const v = value.trim();
  if (!v) throw invalid(field, 'must not be empty');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) throw invalid(field, 'must not hold control characters (line breaks, escapes)');
  return v;
}
