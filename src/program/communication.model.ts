import { toIso, toIsoOrNull } from '../db/time.js';
import { invalid } from '../errors.js';
import type { CommunicationChannel, CommunicationRow } from './communication.table.js';

const DAY_MS = 86_400_000;

/** One entry of the communications log as the API shows it. */
export interface Communication {
  id: number;
  personId: number;
  channel: CommunicationChannel;
  kind: string | null;
  summary: string;
  at: string;
  followUpDue: string | null;
  followUpDoneAt: string | null;
  actor: string;
}

export const toCommunication = (r: CommunicationRow): Communication => ({
  id: r.id,
  personId: r.person_id,
  channel: r.channel,
  kind: r.kind,
  summary: r.summary,
  at: toIso(r.at),
  followUpDue: toIsoOrNull(r.follow_up_due),
  followUpDoneAt: toIsoOrNull(r.follow_up_done_at),
  actor: r.actor,
});

export const MAX_SUMMARY = 4000;
export const MAX_KIND = 40;

/**
 * A summary as a coordinator writes it: several lines allowed, every other control character
 * removed (an escape sequence would drive the terminal of whoever lists the log; a tab becomes a
 * space), trimmed; empty or over 4,000 characters is refused.
 */
export function summaryText(value: string): string {
  const v = value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
  if (!v) throw invalid('summary', 'must not be empty');
  if (v.length > MAX_SUMMARY) throw invalid('summary', `must be at most ${MAX_SUMMARY} characters (got ${v.length})`);
  return v;
}

/** A kind of contact, lower-cased with its spaces collapsed (`Check-In` is `check-in`); blank is none. */
export function kindText(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const v = value.trim().replace(/\s+/g, ' ').toLowerCase();
  if (/[\u0000-\u001f\u007f-\u009f]/.test(v)) throw invalid('kind', 'must not hold control characters (line breaks, escapes)');
  if (v.length > MAX_KIND) throw invalid('kind', `must be at most ${MAX_KIND} characters`);
  return v;
}

/** What the check-in list needs of a mentor or a protégé of an open pair. */
export interface CheckInCandidate {
  personId: number;
  /** The latest check-in, or null when staff never checked in with them. */
  lastCheckInAt: number | null;
  /** The earliest start of their active or paused pairs. */
  pairStartedAt: number;
}

/**
 * When the next check-in is due: `days` after the last one, or after the person's first open pair
 * started when there was none yet.
 */
/** A check-in is overdue at `now` when nothing it is due from (the last one, or the pair's start) is after this. */
export const checkInCutoff = (now: number, days: number): number => now - days * DAY_MS;

export const checkInDueAt = (c: Pick<CheckInCandidate, 'lastCheckInAt' | 'pairStartedAt'>, days: number): number => (c.lastCheckInAt ?? c.pairStartedAt) + days * DAY_MS;

/**
 * Each candidate with its due date, soonest (most overdue) first, ties by person id; with
 * `overdueOnly`, only those due at `now` or before.
 */
export function checkInsDue<C extends CheckInCandidate>(candidates: readonly C[], opts: { days: number; now: number; overdueOnly: boolean }): (C & { dueAt: number })[] {
  return candidates
    .map((c) => ({ ...c, dueAt: checkInDueAt(c, opts.days) }))
    .filter((c) => !opts.overdueOnly || c.dueAt <= opts.now)
    .sort((a, b) => a.dueAt - b.dueAt || a.personId - b.personId);
}
