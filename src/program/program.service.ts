import type { Clock } from '../db/clock.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/unique.js';
import { conflict, invalid, notFound, unprocessable } from '../errors.js';
import { withdrawQueuedForwards } from '../outbound/pair-gate.repository.js';
import { newAlias } from './alias.js';
import { toIso } from '../db/time.js';
import { closePairRow } from './pair-lifecycle.repository.js';
import { describeMissing, initialPairStatus, missingOfPair, missingOfPairs } from './pair-readiness.js';
import { recordProgramEvent } from './program-event.repository.js';
import type { CloseReason, PairRow, PairStatus, PersonRole, SettablePairStatus } from './program.table.js';
import * as repo from './program.repository.js';
import { normalizeEmail, pairAddress, plainNote, plainText, toOrganization, toPair, toPerson, type Attention, type NewPersonInput, type Organization, type Pair, type PairWithNames, type Person, waitsForOnboarding } from './program.model.js';
import { tasksOfPerson } from './responsibility.repository.js';

/** Organizations, people and pairs: the program's own records. */
export class ProgramService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly domain: string,
    /** RELAY_REQUIRE_ONBOARDING: a new pair waits (pending) until both participants completed onboarding. */
    private readonly options: { requireOnboarding: boolean } = { requireOnboarding: false },
  ) {}

  async createOrganization(input: { name: string; kind: string }): Promise<Organization> {
    const name = plainText('name', input.name);
    const kind = plainText('kind', input.kind);
    return this.db.transaction().execute(async (trx) => {
      await this.refuseNamesake(trx, name);
      return toOrganization(await repo.insertOrganization(trx, { name, kind, created_at: this.clock.now() }));
    });
  }

  /** Two organizations whose names differ only in case or spacing are one organization typed twice (an import could not tell them apart). */
  private async refuseNamesake(trx: Transaction<Database>, name: string, except?: number): Promise<void> {
    const fold = (n: string) => n.replace(/\s+/g, ' ').toLowerCase();
    const same = (await repo.listOrganizations(trx)).find((o) => o.id !== except && fold(o.name) === fold(name));
    if (same) throw conflict(`there is already an organization named ${same.name} (id ${same.id})`, 'organization_exists');
  }

  async listOrganizations(): Promise<Organization[]> {
    return (await repo.listOrganizations(this.db)).map(toOrganization);
  }

  async createPerson(input: NewPersonInput): Promise<Person> {
    const { name, addresses } = await this.checkPerson(input);
    return this.db.transaction().execute((trx) => this.insertPerson(trx, { ...input, name }, addresses));
  }

  /** Validation that needs no transaction: names, addresses, the organization. */
  private async checkPerson(input: NewPersonInput): Promise<{ name: string; addresses: string[] }> {
    const name = plainText('name', input.name);
    const emails = [normalizeEmail('email', input.email), ...(input.emails ?? []).map((e) => normalizeEmail('emails', e))];
    const addresses = [...new Set(emails)];
    if (this.domainOf(addresses)) throw invalid('email', `an address at the relay's own domain (${this.domain}) cannot be a participant's`);
    if (input.organizationId != null && !(await repo.findOrganization(this.db, input.organizationId))) {
      throw invalid('organizationId', `no organization with id ${input.organizationId}`);
    }
    return { name, addresses };
  }

  private async insertPerson(trx: Transaction<Database>, input: NewPersonInput, addresses: string[]): Promise<Person> {
    for (const address of addresses) {
      const owner = await repo.findPersonByEmail(trx, address);
      if (owner) throw conflict(`${address} already belongs to person ${owner.id} (${owner.name})`);
    }
    const at = this.clock.now();
    const row = await repo.insertPerson(trx, { name: input.name, role: input.role, organization_id: input.organizationId ?? null, created_at: at });
    await repo.insertEmails(trx, addresses.map((address, i) => ({ address, person_id: row.id, created_at: at + i })));
    return toPerson(row, addresses);
  }

  /** Adds another address a person writes from (a second mail identity). */
  async addEmail(personId: number, email: string): Promise<Person> {
    const address = normalizeEmail('email', email);
    if (this.domainOf([address])) throw invalid('email', `an address at the relay's own domain (${this.domain}) cannot be a participant's`);
    return this.db.transaction().execute(async (trx) => {
      const person = await repo.findPerson(trx, personId);
      if (!person) throw notFound(`person ${personId}`);
      const owner = await repo.findPersonByEmail(trx, address);
      if (owner && owner.id !== personId) throw conflict(`${address} already belongs to person ${owner.id} (${owner.name})`);
      if (!owner) await repo.insertEmails(trx, [{ address, person_id: personId, created_at: this.clock.now() }]);
      const emails = (await repo.emailsOf(trx, [personId])).map((e) => e.address);
      return toPerson(person, emails);
    });
  }

  async getPerson(id: number): Promise<Person> {
    const row = await repo.findPerson(this.db, id);
    if (!row) throw notFound(`person ${id}`);
    return toPerson(row, (await repo.emailsOf(this.db, [id])).map((e) => e.address));
  }

  async findPersonByEmail(email: string): Promise<Person | undefined> {
    const row = await repo.findPersonByEmail(this.db, email);
    return row && this.getPerson(row.id);
  }

  /** Everyone, or those matching a filter: a role, an organization (`null`: none), words in the name or an address. */
  async listPeople(filter: { role?: PersonRole; organizationId?: number | null; search?: string } = {}): Promise<Person[]> {
    const rows = await repo.listPeople(this.db);
    const emails = await repo.allEmails(this.db);
    const byPerson = new Map<number, string[]>();
    for (const e of emails) byPerson.set(e.person_id, [...(byPerson.get(e.person_id) ?? []), e.address]);
    const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return rows
      .map((r) => toPerson(r, byPerson.get(r.id) ?? []))
      .filter(
        (p) =>
          (filter.role === undefined || p.role === filter.role) &&
          (filter.organizationId === undefined || p.organizationId === filter.organizationId) &&
          words.every((w) => p.name.toLowerCase().includes(w) || p.emails.some((e) => e.includes(w))),
      );
  }

  async createPair(input: { mentorId: number; protegeId: number }): Promise<Pair> {
    return this.db.transaction().execute((trx) => this.insertPair(trx, input));
  }

  /**
   * A pair from two addresses, creating either person the program does not know yet (the CLI's
   * `pair add`): one transaction, so a refused pair leaves no person behind.
   */
  async createPairByEmail(mentor: { email: string; name?: string }, protege: { email: string; name?: string }): Promise<Pair> {
    const wanted = [
      { ...mentor, role: 'mentor' as const, field: 'mentor' },
      { ...protege, role: 'protege' as const, field: 'protege' },
    ];
    // One after the other, mentor first: the people are created, and numbered, in a known order.
    type Checked = (typeof wanted)[number] & { address: string } & ({ known: true } | { known: false; name: string; addresses: string[] });
    const checked: Checked[] = [];
    for (const w of wanted) {
      const address = normalizeEmail(`${w.field}Email`, w.email);
      if (await repo.findPersonByEmail(this.db, address)) {
        checked.push({ ...w, address, known: true as const });
        continue;
      }
      if (!w.name?.trim()) throw invalid(`${w.field}Name`, `${address} is not in the program yet: give the ${w.role === 'mentor' ? 'mentor' : 'protégé'}'s name to add them`);
      checked.push({ ...w, address, known: false as const, ...(await this.checkPerson({ name: w.name, email: address, role: w.role })) });
    }
    return this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const c of checked) {
        const person = c.known ? await repo.findPersonByEmail(trx, c.address) : await this.insertPerson(trx, { name: c.name, email: c.address, role: c.role }, c.addresses);
        if (!person) throw conflict(`${c.address} was removed meanwhile; run the command again`);
        ids.push(person.id);
      }
      return this.insertPair(trx, { mentorId: ids[0]!, protegeId: ids[1]! });
    });
  }

  private async insertPair(trx: Transaction<Database>, input: { mentorId: number; protegeId: number }): Promise<Pair> {
    const mentor = await repo.findPerson(trx, input.mentorId);
    if (!mentor) throw invalid('mentorId', `no person with id ${input.mentorId}`);
    if (mentor.role !== 'mentor') throw invalid('mentorId', `person ${mentor.id} is a ${mentor.role}, not a mentor`);
    const protege = await repo.findPerson(trx, input.protegeId);
    if (!protege) throw invalid('protegeId', `no person with id ${input.protegeId}`);
    if (protege.role !== 'protege') throw invalid('protegeId', `person ${protege.id} is a ${protege.role}, not a protege`);
    const existing = await repo.findOpenPairOf(trx, mentor.id, protege.id);
    if (existing) throw conflict(`these two already form pair ${existing.id}`);
    // A closed pair never reopens, not even as a new alias: it may have been closed for the child's safety.
    const closed = await repo.findClosedPairOf(trx, mentor.id, protege.id);
    if (closed) throw conflict(`these two formed pair ${closed.id}, which is closed; a closed pair is never opened again`, 'pair_closed');
    // One mentor per protégé (as the import has it): a second open pair would give an adult a second way in.
    const other = await repo.findOpenPairOfProtege(trx, protege.id);
    if (other) throw conflict(`${protege.name} already has a mentor in pair ${other.id}; close that pair first`, 'protege_paired');
    const at = this.clock.now();
    const { status, missing } = await initialPairStatus(trx, { mentor_id: mentor.id, protege_id: protege.id }, at, this.options.requireOnboarding);
    for (let attempt = 0; ; attempt++) {
      try {
        const row = await repo.insertPair(trx, { alias: newAlias(), mentor_id: mentor.id, protege_id: protege.id, status, started_at: at, ended_at: null, trusted: 0 });
        await recordProgramEvent(trx, { entity: 'pair', entityId: row.id, type: 'created', actor: 'relay', at, detail: { status, mentorId: mentor.id, protegeId: protege.id, missing } });
        return { ...toPair(row, this.domain), ...(status === 'pending' ? { missing } : {}) };
      } catch (err) {
        // 50 random bits collide almost never; retry a few times on the unique index rather than pre-check.
        if (attempt < 5 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  async getPair(id: number): Promise<Pair> {
    const row = await repo.findPair(this.db, id);
    if (!row) throw notFound(`pair ${id}`);
    return (await this.withMissing(this.db, [row]))[0]!;
  }

  async listPairs(): Promise<Pair[]> {
    return this.withMissing(this.db, await repo.listPairs(this.db));
  }

  /** Pairs as the API shows them: a pair that waits for onboarding says what it waits for. */
  private async withMissing(db: Kysely<Database> | Transaction<Database>, rows: PairRow[]): Promise<Pair[]> {
    // With the gate on, an open pair made before it (or by a process with it off) says so too.
    const open = (r: PairRow) => this.options.requireOnboarding && (r.status === 'active' || r.status === 'paused');
    const checked = rows.filter((r) => waitsForOnboarding(r) || open(r));
    const missing = await missingOfPairs(db, checked, this.clock.now());
    const byPair = new Map(checked.map((r, i) => [r.id, missing[i]!]));
    return rows.map((r) => {
      const m = byPair.get(r.id);
      return { ...toPair(r, this.domain), ...(m && (m.length > 0 || waitsForOnboarding(r)) ? { missing: m } : {}) };
    });
  }

  /** Pairs with both participants' names, for choosing one in a page. */
  async pairLabels(): Promise<{ id: number; alias: string; status: PairStatus; mentorName: string; protegeName: string }[]> {
    const rows = await repo.pairLabels(this.db);
    return rows.map((r) => ({ id: r.id, alias: pairAddress(r.alias, this.domain), status: r.status, mentorName: r.mentor_name, protegeName: r.protege_name }));
  }

  /** active ⇄ paused; either → closed, which is final (a closed pair's alias refuses mail for good). */
  async setPairStatus(id: number, status: SettablePairStatus, actor?: string): Promise<Pair> {
    return this.updatePair(id, { status }, actor);
  }

  /**
   * Changes a pair's status and whether it is trusted (moderation mode hold-flagged). Closing it
   * withdraws, in the same transaction, every forward of its still queued (a `withdrawn` event by
   * `actor`); pausing needs nothing here: the outbound worker does not claim a paused pair's forwards.
   * With onboarding required, a pair opens or resumes only when nothing of it is missing; a pending
   * pair opens by itself, so a person may only close it.
   */
  async updatePair(id: number, change: { status?: SettablePairStatus; trusted?: boolean }, actor = 'relay'): Promise<Pair> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findPair(trx, id);
      if (!row) throw notFound(`pair ${id}`);
      const status = change.status ?? row.status;
      const at = this.clock.now();
      if (row.status === 'closed' && status !== 'closed') throw conflict(`pair ${id} is closed; a closed pair cannot be reopened`, 'pair_closed');
      if (row.status === 'pending' && status === 'paused') throw conflict(`pair ${id} is not open yet (it waits for onboarding); it can only be closed`, 'pair_pending');
      if (status === 'active' && row.status !== 'active' && this.options.requireOnboarding) {
        const missing = await missingOfPair(trx, row, at);
        if (missing.length > 0) throw conflict(`pair ${id} cannot open before both participants complete onboarding; missing: ${describeMissing(missing, await this.roleNames(trx, row))}`, 'onboarding_incomplete');
      }
      const updated = await repo.updatePairRow(trx, id, {
        status,
        // A person who sets the status takes over from the relay: their pause is theirs to lift.
        status_reason: change.status === undefined ? row.status_reason : null,
        ended_at: status === row.status ? row.ended_at : status === 'closed' ? at : null,
        ...(row.status === 'pending' && status === 'active' ? { started_at: at } : {}),
        ...(change.trusted === undefined ? {} : { trusted: change.trusted ? 1 : 0 }),
      });
      if (status !== row.status) await recordProgramEvent(trx, { entity: 'pair', entityId: id, type: status === 'closed' ? 'closed' : 'status-changed', actor, at, detail: { before: row.status, after: status } });
      if (status === 'closed' && row.status !== 'closed') await withdrawQueuedForwards(trx, id, actor, at);
      return (await this.withMissing(trx, [updated]))[0]!;
    });
  }

  /**
   * Closes a pair with a reason and a rematch decision (MENTOR's closure), in one transaction: its
   * alias refuses mail from now on, queued forwards are withdrawn, and messages, archive and history
   * stay. A closed pair never reopens.
   */
  async closePair(id: number, input: { reason: CloseReason; note?: string; rematch: boolean }, actor: string): Promise<Pair> {
    const note = input.note === undefined || input.note.trim() === '' ? null : plainNote('note', input.note);
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.findPair(trx, id);
      if (!row) throw notFound(`pair ${id}`);
      if (row.status === 'closed') throw conflict(`pair ${id} is already closed${row.ended_at ? ` (since ${toIso(row.ended_at).slice(0, 10)})` : ''}`, 'pair_closed');
      const at = this.clock.now();
      const closed = await closePairRow(trx, id, { ended_at: at, close_reason: input.reason, close_note: note, rematch: input.rematch ? 1 : 0 });
      await recordProgramEvent(trx, { entity: 'pair', entityId: id, type: 'closed', actor, at, detail: { before: row.status, after: 'closed', reason: input.reason, note, rematch: input.rematch } });
      await withdrawQueuedForwards(trx, id, actor, at);
      return toPair(closed, this.domain);
    });
  }

  /** "mentor Ann Lee" and "protégé Bo Chen", for sentences about a pair's participants. */
  private async roleNames(db: Kysely<Database> | Transaction<Database>, pair: PairRow): Promise<Map<number, string>> {
    const [m, p] = await Promise.all([repo.findPerson(db, pair.mentor_id), repo.findPerson(db, pair.protege_id)]);
    return new Map([
      [pair.mentor_id, `mentor ${m?.name ?? pair.mentor_id}`],
      [pair.protege_id, `protégé ${p?.name ?? pair.protege_id}`],
    ]);
  }

  async updateOrganization(id: number, change: { name?: string; kind?: string }): Promise<Organization> {
    const name = change.name === undefined ? undefined : plainText('name', change.name);
    const kind = change.kind === undefined ? undefined : plainText('kind', change.kind);
    return this.db.transaction().execute(async (trx) => {
      if (name !== undefined) await this.refuseNamesake(trx, name, id);
      const row = await repo.updateOrganization(trx, id, { ...(name === undefined ? {} : { name }), ...(kind === undefined ? {} : { kind }) });
      if (!row) throw notFound(`organization ${id}`);
      return toOrganization(row);
    });
  }

  /** Organizations with how many people each has. */
  async organizationsWithCounts(): Promise<(Organization & { people: number })[]> {
    const [orgs, counts] = await Promise.all([repo.listOrganizations(this.db), repo.peopleCountByOrganization(this.db)]);
    const byOrg = new Map(counts.map((c) => [c.organization_id, Number(c.people)]));
    return orgs.map((o) => ({ ...toOrganization(o), people: byOrg.get(o.id) ?? 0 }));
  }

  /** Renames a person or moves them to another organization (`null`: none). */
  async updatePerson(id: number, change: { name?: string; organizationId?: number | null }): Promise<Person> {
    const name = change.name === undefined ? undefined : plainText('name', change.name);
    return this.db.transaction().execute(async (trx) => {
      if (change.organizationId != null && !(await repo.findOrganization(trx, change.organizationId))) {
        throw unprocessable('organizationId', `no organization with id ${change.organizationId}`);
      }
      const before = await repo.findPerson(trx, id);
      if (before && change.organizationId !== undefined && change.organizationId !== before.organization_id) {
        // The sheet names a person OF the responsible organization: moving them would leave it wrong.
        const tasks = await tasksOfPerson(trx, id);
        if (tasks.length > 0) {
          const listed = tasks.slice(0, 3).map((t) => `${t.position}. ${t.task}`).join('; ');
          throw conflict(`${before.name} is responsible for ${tasks.length} task${tasks.length === 1 ? '' : 's'} of their organization (${listed}${tasks.length > 3 ? '; …' : ''}): give them to someone else first`, 'responsible_person');
        }
      }
      // Unknown fields (a role, say) are dropped by the schema: with nothing left, say what can change.
      if (name === undefined && change.organizationId === undefined) {
        if (!before) throw notFound(`person ${id}`);
        throw invalid('body', "give name or organizationId; a person's role and addresses change elsewhere (a role never changes)");
      }
      const row = await repo.updatePerson(trx, id, {
        ...(name === undefined ? {} : { name }),
        ...(change.organizationId === undefined ? {} : { organization_id: change.organizationId }),
      });
      if (!row) throw notFound(`person ${id}`);
      return toPerson(row, (await repo.emailsOf(trx, [id])).map((e) => e.address));
    });
  }

  /**
   * Removes an address a person writes from, unless it is their only one: a person without an
   * address could neither write nor receive. Checked and removed in one transaction.
   */
  async removeEmail(personId: number, email: string): Promise<Person> {
    const address = email.trim().toLowerCase();
    return this.db.transaction().execute(async (trx) => {
      const person = await repo.findPerson(trx, personId);
      if (!person) throw notFound(`person ${personId}`);
      const emails = (await repo.emailsOf(trx, [personId])).map((e) => e.address);
      if (!emails.includes(address)) throw notFound(`address ${address} of person ${personId}`);
      if (emails.length === 1) throw conflict(`${address} is the only address of ${person.name}; add another before removing it`);
      await repo.deleteEmail(trx, personId, address);
      return toPerson(person, emails.filter((e) => e !== address));
    });
  }

  /** Pairs with both participants' names, optionally of one status or of one person. */
  async pairsWithNames(filter: { status?: PairStatus; personId?: number } = {}): Promise<PairWithNames[]> {
    const rows = await repo.pairsWithNames(this.db, filter);
    const pairs = await this.withMissing(this.db, rows);
    return rows.map((r, i) => ({ ...pairs[i]!, mentorName: r.mentor_name, protegeName: r.protege_name }));
  }

  async attention(): Promise<Attention> {
    const [noOrg, everyoneUnpaired, pendingPairs, pausedPairs, pairs] = await Promise.all([
      repo.peopleWithoutOrganization(this.db, ['mentor', 'protege', 'staff']),
      repo.peopleWithoutOpenPair(this.db),
      this.pairsWithNames({ status: 'pending' }),
      this.pairsWithNames({ status: 'paused' }),
      repo.listPairs(this.db),
    ]);
    // Someone whose last pair closed with "no rematch" is not waiting for a new one.
    const lastClosed = new Map<number, PairRow>();
    for (const p of pairs) if (p.status === 'closed') for (const id of [p.mentor_id, p.protege_id]) lastClosed.set(id, p);
    const waiting = everyoneUnpaired.filter((p) => lastClosed.get(p.id)?.rematch !== 0);
    const unclearedPairs = (await this.pairsWithNames({ status: 'active' })).filter((p) => (p.missing?.length ?? 0) > 0);
    const emails = await repo.emailsOf(this.db, [...new Set([...noOrg, ...waiting].map((p) => p.id))]);
    const byPerson = new Map<number, string[]>();
    for (const e of emails) byPerson.set(e.person_id, [...(byPerson.get(e.person_id) ?? []), e.address]);
    const of = (id: number) => byPerson.get(id) ?? [];
    return { withoutOrganization: noOrg.map((p) => toPerson(p, of(p.id))), waitingForPair: waiting.map((p) => toPerson(p, of(p.id))), pendingPairs, pausedPairs, unclearedPairs };
  }

  /** An address at the relay's domain or one of its subdomains: the relay's own, never a participant's. */
  private domainOf(addresses: string[]): boolean {
    return addresses.some((a) => a.endsWith(`@${this.domain}`) || a.endsWith(`.${this.domain}`));
  }
}
