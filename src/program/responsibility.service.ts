import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { toIso } from '../db/time.js';
import { conflict, invalid, notFound, rateLimited, unprocessable } from '../errors.js';
import { plainText } from './program.model.js';
import { findOrganization, findPerson } from './program.repository.js';
import { listProgramEvents, recordProgramEvent } from './program-event.repository.js';
import * as repo from './responsibility.repository.js';
import type { ResponsibilityEventType, SheetSendRow } from './responsibility.table.js';
import { matrixHash, type SheetRow } from './sheet.js';

export interface Responsibility {
  id: number;
  position: number;
  task: string;
  organizationId: number | null;
  organizationName: string | null;
  /** Always a person of `organizationId`; null while only the organization is chosen. */
  personId: number | null;
  personName: string | null;
  personEmail: string | null;
  retired: boolean;
  updatedAt: string;
}

/** At most this many organizers receive the sheet, and it is sent at most this often. */
const MAX_ORGANIZERS = 200;
const MAX_SENDS_PER_HOUR = 5;

export interface ProgramEventView {
  id: number;
  entity: string;
  entityId: number;
  type: string;
  actor: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface Organizer {
  name: string;
  email: string;
}

export interface SheetSend {
  id: number;
  sentAt: string;
  actor: string;
  recipients: Organizer[];
  matrixHash: string;
}

/** The sheet's state for the page: the last send, and whether the matrix changed since. */
export interface SheetState {
  /** With how many of its mails the smarthost took (delivered) or refused for good (failed); the rest wait in the queue. */
  lastSend: (SheetSend & { delivered: number; failed: number }) | null;
  changedSince: boolean;
  currentHash: string;
}

const toResponsibility = (r: repo.ResponsibilityListRow): Responsibility => ({
  id: r.id,
  position: r.position,
  task: r.task,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  personId: r.person_id,
  personName: r.person_name,
  personEmail: r.person_email,
  retired: r.retired === 1,
  updatedAt: toIso(r.updated_at),
});

const toSend = (r: SheetSendRow): SheetSend => ({ id: r.id, sentAt: toIso(r.sent_at), actor: r.actor, recipients: JSON.parse(r.recipients) as Organizer[], matrixHash: r.matrix_hash });

const toSheetRow = (r: Responsibility): SheetRow => ({ task: r.task, organization: r.organizationName, person: r.personName, email: r.personEmail });

/** Task wording as written, whitespace collapsed. */
function wording(task: string): string {
  const t = plainText('task', task.replace(/\s+/g, ' '));
  if (t.length > 500) throw invalid('task', 'must be at most 500 characters');
  return t;
}

/**
 * The responsibility matrix: for each task, at most one organization and one person of it. Every
 * change is one transaction with its program event (who, when, before → after, ids and names).
 */
export class ResponsibilityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Called after a send is queued, so the outbound worker looks at once. */
    private readonly onQueued: () => void = () => {},
  ) {}

  async list(opts: { includeRetired?: boolean } = {}): Promise<Responsibility[]> {
    return (await repo.listResponsibilities(this.db, { includeRetired: opts.includeRetired ?? true })).map(toResponsibility);
  }

  async get(id: number): Promise<Responsibility> {
    const found = (await this.list()).find((r) => r.id === id);
    if (!found) throw notFound(`task ${id}`);
    return found;
  }

  /**
   * Sets who is responsible. An organization alone is allowed (it is responsible, its person not
   * chosen yet); a person needs their own organization; both null unassigns.
   */
  async assign(id: number, input: { organizationId: number | null; personId: number | null }, actor: string): Promise<Responsibility> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findResponsibility(trx, id);
      if (!row) throw notFound(`task ${id}`);
      const org = input.organizationId === null ? null : await findOrganization(trx, input.organizationId);
      if (input.organizationId !== null && !org) throw unprocessable('organizationId', `no organization with id ${input.organizationId}`);
      if (input.personId !== null) {
        const person = await findPerson(trx, input.personId);
        if (!person) throw unprocessable('personId', `no person with id ${input.personId}`);
        const own = person.organization_id === null ? null : await findOrganization(trx, person.organization_id);
        const belongs = own ? `belongs to ${own.name}` : 'belongs to no organization';
        if (!org) throw unprocessable('organizationId', `choose the organization first: person ${person.id} (${person.name}) ${belongs}`);
        if (person.organization_id !== org.id) throw unprocessable('personId', `person ${person.id} (${person.name}) ${belongs}, not ${org.name}`);
        // The sheet goes to every organizer with the responsible person's address on it: a mentor's,
        // and above all a protégé's (often a child's), must never be there.
        if (person.role !== 'staff') throw unprocessable('personId', `person ${person.id} (${person.name}) is a ${person.role}; only staff of an organization can be responsible for a task`);
      }
      if (row.organization_id === input.organizationId && row.person_id === input.personId) return; // nothing changes, nothing to record
      const before = await this.who(trx, row.organization_id, row.person_id);
      const after = await this.who(trx, input.organizationId, input.personId);
      const at = this.clock.now();
      await repo.updateResponsibility(trx, id, { organization_id: input.organizationId, person_id: input.personId, updated_at: at });
      await this.event(trx, id, input.organizationId === null ? 'unassigned' : 'assigned', actor, at, { task: row.task, before, after });
    });
    return this.get(id);
  }

  /** Adds a program's own task at the end of the list. */
  async create(task: string, actor: string): Promise<Responsibility> {
    const text = wording(task);
    const id = await this.db.transaction().execute(async (trx) => {
      await this.refuseDuplicate(trx, text);
      const at = this.clock.now();
      const row = await repo.insertResponsibility(trx, text, at);
      await this.event(trx, row.id, 'created', actor, at, { task: text, after: { task: text, position: row.position } });
      return row.id;
    });
    return this.get(id);
  }

  /** Renames a task, retires it (it leaves the sheet, keeps its history) or restores it. */
  async update(id: number, change: { task?: string; retired?: boolean }, actor: string): Promise<Responsibility> {
    const text = change.task === undefined ? undefined : wording(change.task);
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.findResponsibility(trx, id);
      if (!row) throw notFound(`task ${id}`);
      const at = this.clock.now();
      if (text !== undefined && text !== row.task) {
        await this.refuseDuplicate(trx, text, id);
        await repo.updateResponsibility(trx, id, { task: text, updated_at: at });
        await this.event(trx, id, 'renamed', actor, at, { task: text, before: { task: row.task }, after: { task: text } });
      }
      const retired = change.retired === undefined ? row.retired === 1 : change.retired;
      if (retired !== (row.retired === 1)) {
        await repo.updateResponsibility(trx, id, { retired: retired ? 1 : 0, updated_at: at });
        await this.event(trx, id, retired ? 'retired' : 'restored', actor, at, { task: text ?? row.task, before: { retired: !retired }, after: { retired } });
      }
    });
    return this.get(id);
  }

  /** The history of one task, or of every task, newest first. */
  async history(id?: number): Promise<ProgramEventView[]> {
    if (id !== undefined && !(await repo.findResponsibility(this.db, id))) throw notFound(`task ${id}`);
    const rows = await listProgramEvents(this.db, 'responsibility', id);
    return rows.map((r) => ({ id: r.id, entity: r.entity, entityId: r.entity_id, type: r.type, actor: r.actor, at: toIso(r.at), detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {} }));
  }

  /** The written sheet's rows: every task in use (retired ones left out), in order. */
  async sheet(): Promise<SheetRow[]> {
    return (await this.list({ includeRetired: false })).map(toSheetRow);
  }

  async sheetState(): Promise<SheetState> {
    const [last, rows] = await Promise.all([repo.lastSheetSend(this.db), this.sheet()]);
    const currentHash = matrixHash(rows);
    if (!last) return { lastSend: null, changedSince: false, currentHash };
    const outcomes = await listProgramEvents(this.db, 'sheet', last.id);
    const count = (type: string) => outcomes.filter((e) => e.type === type).length;
    return { lastSend: { ...toSend(last), delivered: count('delivered'), failed: count('failed') }, changedSince: last.matrix_hash !== currentHash, currentHash };
  }

  /** Every organizer, deduplicated by address (case-insensitively), in the order found. */
  async organizers(db: Kysely<Database> = this.db): Promise<Organizer[]> {
    const seen = new Set<string>();
    const out: Organizer[] = [];
    for (const o of await repo.listOrganizers(db)) {
      const email = o.email?.toLowerCase();
      if (!email || seen.has(email)) continue;
      seen.add(email);
      out.push({ name: o.name, email });
    }
    return out;
  }

  /**
   * Mails the sheet to every organizer through the outbox, in one transaction: the send (with the
   * matrix as it is now, which every mail shows), one outbox row per organizer, and an event.
   */
  async send(actor: string): Promise<SheetSend> {
    const send = await this.db.transaction().execute(async (trx) => {
      const recipients = await this.organizers(trx); // inside: the one connection is the transaction's
      if (recipients.length === 0) {
        throw conflict(
          'There is no organizer to send the sheet to: add a person with role staff to an organization, or a coordinator or admin account.',
          'no_organizers',
        );
      }
      // The sheet goes to addresses people typed: a relay that mails on demand must not be a way to
      // send a thousand mails an hour. A program has a few organizers and sends now and then.
      if (recipients.length > MAX_ORGANIZERS) {
        throw conflict(`The sheet would go to ${recipients.length} organizers; at most ${MAX_ORGANIZERS} can receive it. Staff people of an organization are organizers: check the People page.`, 'too_many_organizers');
      }
      const at = this.clock.now();
      if ((await repo.countSheetSendsSince(trx, at - 3_600_000)) >= MAX_SENDS_PER_HOUR) {
        throw rateLimited(`The sheet was sent ${MAX_SENDS_PER_HOUR} times in the last hour; try again later.`);
      }
      const rows = (await repo.listResponsibilities(trx, { includeRetired: false })).map(toResponsibility).map(toSheetRow);
      const hash = matrixHash(rows);
      const row = await repo.insertSheetSend(trx, { sent_at: at, actor, recipients: JSON.stringify(recipients), matrix_hash: hash, snapshot: JSON.stringify(rows) });
      await repo.queueSheetMails(trx, row.id, recipients.map((r) => r.email), at);
      await recordProgramEvent(trx, { entity: 'sheet', entityId: row.id, type: 'sent', actor, at, detail: { recipients, matrixHash: hash, tasks: rows.length, unassigned: rows.filter((r) => !r.organization).length } });
      return toSend(row);
    });
    this.onQueued();
    return send;
  }

  private async who(db: Transaction<Database>, organizationId: number | null, personId: number | null) {
    return { organizationId, organizationName: await repo.organizationName(db, organizationId), personId, personName: await repo.personName(db, personId) };
  }

  private async refuseDuplicate(trx: Transaction<Database>, task: string, except?: number): Promise<void> {
    const same = await repo.findTaskByWording(trx, task);
    if (same && same.id !== except) throw conflict(`task ${same.id} already reads "${same.task}"`);
  }

  private event(trx: Transaction<Database>, id: number, type: ResponsibilityEventType, actor: string, at: number, detail: Record<string, unknown>) {
    return recordProgramEvent(trx, { entity: 'responsibility', entityId: id, type, actor, at, detail });
  }
}
