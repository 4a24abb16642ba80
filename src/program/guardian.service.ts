import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { conflict, invalid, notFound, unprocessable } from '../errors.js';
import { normalizePhone, relationshipText, toGuardian, type Guardian } from './guardian.model.js';
import * as repo from './guardian.repository.js';
import { normalizeEmail, plainText } from './program.model.js';
import { findPerson, findPersonByEmail, insertEmails, insertPerson } from './program.repository.js';
import { recordProgramEvent } from './program-event.repository.js';

export { isGuardianOf } from './guardian.repository.js';

export interface NewGuardianInput {
  name: string;
  email?: string;
  phone?: string;
  relationship: string;
}

const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v);

/**
 * A protégé's guardians. A guardian is a person of role parent, so the people list and the
 * communications log know them; a parent of two children is one person linked twice, found by address.
 * Each link is one row and one program event, in one transaction.
 */
export class GuardianService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly opts: { domain: string; defaultCountry: string },
  ) {}

  async list(protegeId: number): Promise<Guardian[]> {
    await this.protege(this.db, protegeId);
    return (await repo.listGuardians(this.db, protegeId)).map((r) => toGuardian(r, r));
  }

  /**
   * Links a guardian to a protégé: the parent who has this address if there is one (their name stays
   * as the program has it), a new parent otherwise. 409 for an address of someone who is not a
   * parent, for a guardian linked already, and for a second guardian of the same name without an
   * address to tell them apart.
   */
  async add(protegeId: number, input: NewGuardianInput, actor: string): Promise<Guardian> {
    const name = plainText('name', input.name);
    const relationship = relationshipText(input.relationship);
    const emailGiven = given(input.email);
    const email = emailGiven === null ? null : normalizeEmail('email', emailGiven);
    if (email && (email.endsWith(`@${this.opts.domain}`) || email.endsWith(`.${this.opts.domain}`))) {
      throw invalid('email', `an address at the relay's own domain (${this.opts.domain}) cannot be a guardian's`);
    }
    const phoneGiven = given(input.phone);
    const phone = phoneGiven === null ? null : normalizePhone('phone', phoneGiven, this.opts.defaultCountry);
    const personId = await this.db.transaction().execute(async (trx) => {
      const protege = await this.protege(trx, protegeId);
      const at = this.clock.now();
      let person = email ? await findPersonByEmail(trx, email) : undefined;
      if (person && person.role !== 'parent') {
        throw conflict(`${email} belongs to person ${person.id} (${person.name}), who is ${person.role === 'staff' ? 'staff' : `a ${person.role}`}, not a parent`);
      }
      if (person && (await repo.isGuardianOf(trx, protegeId, person.id))) {
        throw conflict(`${person.name} (person ${person.id}) is already a guardian of ${protege.name}`, 'already_guardian');
      }
      const created = !person;
      if (!person) {
        const same = await repo.findGuardianNamed(trx, protegeId, name);
        if (same) throw conflict(`${protege.name} already has a guardian named ${same.name} (person ${same.id})`, 'already_guardian');
        person = await insertPerson(trx, { name, role: 'parent', organization_id: null, created_at: at });
        if (email) await insertEmails(trx, [{ address: email, person_id: person.id, created_at: at }]);
      }
      await repo.insertGuardian(trx, { protege_id: protegeId, person_id: person.id, relationship, phone, created_at: at });
      await recordProgramEvent(trx, {
        entity: 'guardian',
        entityId: person.id,
        type: 'linked',
        actor,
        at,
        detail: { protege: { id: protege.id, name: protege.name }, guardian: { id: person.id, name: person.name, created }, relationship, phone, email },
      });
      return person.id;
    });
    const guardian = (await this.list(protegeId)).find((g) => g.id === personId);
    if (!guardian) throw notFound(`guardian ${personId} of person ${protegeId}`); // removed meanwhile
    return guardian;
  }

  /** Only a protégé has guardians; an unknown person is 404. */
  private async protege(db: Kysely<Database> | Transaction<Database>, id: number) {
    const person = await findPerson(db, id);
    if (!person) throw notFound(`person ${id}`);
    if (person.role !== 'protege') {
      throw unprocessable('id', `person ${person.id} (${person.name}) is ${person.role === 'staff' ? 'staff' : `a ${person.role}`}; only a protégé has guardians`);
    }
    return person;
  }
}
