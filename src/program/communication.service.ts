import type { Kysely } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { toIso, toIsoOrNull } from '../db/time.js';
import { DomainError, notFound, unprocessable } from '../errors.js';
import { checkInCutoff, checkInsDue, kindText, summaryText, toCommunication, type Communication } from './communication.model.js';
import * as repo from './communication.repository.js';
import type { CommunicationChannel } from './communication.table.js';
import { findPerson } from './program.repository.js';
import { recordProgramEvent } from './program-event.repository.js';
import { personName, personResponsibleFor } from './responsibility.repository.js';
import { seedTasks } from './seed-tasks.js';

export interface NewCommunicationInput {
  personId: number;
  channel: CommunicationChannel;
  kind?: string;
  summary: string;
  /** ISO 8601; the relay's clock when absent. */
  at?: string;
  followUpDue?: string;
}

/** A mentor or a protégé of an open pair, and when staff should next check in with them. */
export interface CheckIn {
  personId: number;
  name: string;
  role: 'mentor' | 'protege';
  lastCheckInAt: string | null;
  dueAt: string;
  /** Who holds the task of communicating regularly with mentors (or with protégés); null when nobody. */
  responsiblePersonId: number | null;
  responsibleName: string | null;
}

const toCandidate = (r: Awaited<ReturnType<typeof repo.checkInCandidates>>[number]) => ({
  personId: r.person_id,
  name: r.name,
  role: r.role as CheckIn['role'],
  lastCheckInAt: r.last_check_in_at === null ? null : Number(r.last_check_in_at),
  pairStartedAt: Number(r.pair_started_at),
});

/** A client's clock may run a little ahead of the relay's: a contact "now" by its clock is not in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

const refused = (field: string, message: string, code: string) => new DomainError('unprocessable', `${field}: ${message}`, field, code);

/**
 * The communications log: each contact staff had with a mentor, a protégé or a parent, with an
 * optional follow-up; and the check-ins due from it. Every change is one row and one program event,
 * in one transaction.
 */
export class CommunicationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly opts: { checkInDays: number },
  ) {}

  async record(input: NewCommunicationInput, actor: string): Promise<Communication> {
    const now = this.clock.now();
    const at = input.at === undefined ? now : Date.parse(input.at);
    if (at > now + CLOCK_SKEW_MS) throw refused('at', `${toIso(at)} is in the future; record a contact once it has happened`, 'in_future');
    const followUpDue = input.followUpDue === undefined ? null : Date.parse(input.followUpDue);
    if (followUpDue !== null && followUpDue < at) throw refused('followUpDue', `the follow-up (${toIso(followUpDue)}) cannot be due before the contact (${toIso(at)})`, 'before_contact');
    const kind = kindText(input.kind);
    const summary = summaryText(input.summary);
    const row = await this.db.transaction().execute(async (trx) => {
      const person = await findPerson(trx, input.personId);
      if (!person) throw unprocessable('personId', `no person with id ${input.personId}`);
      if (person.role === 'staff') throw unprocessable('personId', `person ${person.id} (${person.name}) is staff; the log is of contacts with mentors, protégés and parents`);
      const row = await repo.insertCommunication(trx, { person_id: person.id, channel: input.channel, kind, summary, at, follow_up_due: followUpDue, follow_up_done_at: null, actor, recorded_at: now });
      await recordProgramEvent(trx, {
        entity: 'communication',
        entityId: row.id,
        type: 'recorded',
        actor,
        at: now,
        detail: { person: { id: person.id, name: person.name, role: person.role }, channel: row.channel, kind, at: toIso(at), followUpDue: toIsoOrNull(followUpDue) },
      });
      return row;
    });
    return toCommunication(row);
  }

  /** The log, newest first: everyone's or one person's; with `followUp: 'open'` only follow-ups not done yet. */
  async list(filter: { personId?: number; followUp?: 'open' } = {}): Promise<Communication[]> {
    return (await repo.listCommunications(this.db, { personId: filter.personId, openFollowUp: filter.followUp === 'open' })).map(toCommunication);
  }

  /** Marks an entry's follow-up done (now) or open again; nothing changes, nothing is recorded, when it already is. */
  async setFollowUpDone(id: number, done: boolean, actor: string): Promise<Communication> {
    const row = await this.db.transaction().execute(async (trx) => {
      const row = await repo.findCommunication(trx, id);
      if (!row) throw notFound(`communication ${id}`);
      if (row.follow_up_due === null) throw refused('followUpDone', `communication ${id} has no follow-up`, 'no_follow_up');
      if ((row.follow_up_done_at !== null) === done) return row;
      const now = this.clock.now();
      const updated = await repo.setFollowUpDoneAt(trx, id, done ? now : null);
      await recordProgramEvent(trx, {
        entity: 'communication',
        entityId: id,
        type: done ? 'follow-up-done' : 'follow-up-reopened',
        actor,
        at: now,
        detail: { personId: row.person_id, followUpDue: toIsoOrNull(row.follow_up_due), before: { followUpDoneAt: toIsoOrNull(row.follow_up_done_at) }, after: { followUpDoneAt: toIsoOrNull(updated.follow_up_done_at) } },
      });
      return updated;
    });
    return toCommunication(row);
  }

  /**
   * Every mentor and protégé of an active or paused pair with their last check-in and when the next
   * is due (`program.checkInDays` after the last one, or after their first open pair started), soonest
   * first; with `overdue`, only those due by now. Each with the person responsible for communicating
   * regularly with mentors (or protégés), as the responsibility matrix has it.
   */
  async checkIns(opts: { overdue?: boolean } = {}): Promise<CheckIn[]> {
    const rows = await repo.checkInCandidates(this.db);
    return this.described(checkInsDue(rows.map(toCandidate), { days: this.opts.checkInDays, now: this.clock.now(), overdueOnly: opts.overdue ?? false }));
  }

  /** How many check-ins are overdue now, and the `limit` most overdue of them (for a report). */
  async overdueCheckIns(limit: number): Promise<{ overdue: number; people: CheckIn[] }> {
    const now = this.clock.now();
    const rows = await repo.overdueCheckInCandidates(this.db, checkInCutoff(now, this.opts.checkInDays), limit);
    const due = checkInsDue(rows.map(toCandidate), { days: this.opts.checkInDays, now, overdueOnly: true });
    return { overdue: Number(rows[0]?.overdue ?? 0), people: await this.described(due) };
  }

  private async described(due: ReturnType<typeof checkInsDue<ReturnType<typeof toCandidate>>>): Promise<CheckIn[]> {
    const responsible = { mentor: await this.responsible(seedTasks.mentorContact), protege: await this.responsible(seedTasks.protegeContact) };
    return due.map((c) => ({
      personId: c.personId,
      name: c.name,
      role: c.role,
      lastCheckInAt: toIsoOrNull(c.lastCheckInAt),
      dueAt: toIso(c.dueAt),
      responsiblePersonId: responsible[c.role].id,
      responsibleName: responsible[c.role].name,
    }));
  }

  private async responsible(task: string): Promise<{ id: number | null; name: string | null }> {
    const id = await personResponsibleFor(this.db, task);
    return { id, name: await personName(this.db, id) };
  }
}
