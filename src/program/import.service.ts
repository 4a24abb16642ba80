import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../db/clock.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/unique.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { missingOfPairs } from './pair-readiness.js';
import { newAlias } from './alias.js';
import { columnKey, decodeCsv, readSheet, type ImportError, type SheetRow } from './csv.js';
import { toIso } from '../db/time.js';
import * as repo from './import.repository.js';
import { countProgramEvents, listProgramEvents, recordProgramEvent } from './program-event.repository.js';
import type { ImportKind, ImportUploadRow } from './import.table.js';
import { normalizeEmail } from './program.model.js';
import { personRoles, type NewPair, type PersonRole } from './program.table.js';

export type { ImportError } from './csv.js';

export interface ImportResult {
  /** Rows written (or, in a dry run, that would be). */
  imported: number;
  /** Rows already in the relay: the same person, the same pair. */
  skipped: number;
  errors: ImportError[];
  /** Header names that are none of the expected columns: their cells are not read. */
  ignoredColumns: string[];
  /** The first rows that are (or would be) imported, as a person reads them: what the dry run shows. */
  toImport?: { line: number; text: string }[];
}

/** One real import, as the program's history records it. */
export interface ImportRun {
  at: string;
  actor: string;
  kind: ImportKind;
  file: string | null;
  imported: number;
  skipped: number;
  errors: number;
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Who imports, for the program's history (a real run records one event: what, by whom, the counts). */
  actor?: string;
  /** The file's name as the coordinator gave it, for the history. */
  fileName?: string;
  /** Called as rows are checked, then written: for a progress bar. */
  onProgress?: (phase: 'checking' | 'writing', done: number, total: number) => void;
}

export const peopleColumns = { required: ['name', 'email', 'role'], optional: ['organization'], aliases: { organisation: 'organization' } } as const;
export const pairColumns = { required: ['mentor_email', 'protege_email'] } as const;

/** What an import would write, checked against the relay as it is. */
interface Plan<T> {
  rows: T[];
  /** What each row to write is, as a person reads it, with its line (for the dry run's list). */
  lines: { line: number; text: string }[];
  skipped: number;
  errors: ImportError[];
}

type Db = Kysely<Database> | Transaction<Database>;

/** How many of the rows to import the dry run lists by name. */
const PREVIEW_ROWS = 200;

/** `normalizeEmail`'s verdict without its "field: " prefix, which the error's `field` already says. */
function emailProblem(value: string): { address: string } | { message: string } {
  if (value === '') return { message: 'must not be empty' };
  try {
    return { address: normalizeEmail('email', value) };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { message: err.message.replace(/^email: /, '') };
  }
}

const sameName = (a: string, b: string) => a.replace(/\s+/g, ' ').toLowerCase() === b.replace(/\s+/g, ' ').toLowerCase();
const orgKey = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();
// "Protégé", "PROTEGE", " mentor ": the spellings a spreadsheet has for our roles.
const roleOf = (value: string) => (personRoles as readonly string[]).find((r) => r === columnKey(value)) as PersonRole | undefined;
const listed = (names: string[]) => (names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', '));

/**
 * Imports people and pairs from a coordinator's spreadsheet. Every row is checked against the file
 * and the relay; the real run writes the good rows, and only them, in one transaction, so a failure
 * leaves nothing half-written. A row already imported (the same address, the same pair) is skipped,
 * so running a file twice creates nothing twice. The dry run checks the same way and writes nothing.
 */
export class ImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly domain: string,
    /** RELAY_REQUIRE_ONBOARDING: an imported pair waits (pending) until both participants completed onboarding. */
    private readonly options: { requireOnboarding: boolean } = { requireOnboarding: false },
  ) {}

  run(kind: ImportKind, input: Buffer | string, opts: ImportOptions = {}): Promise<ImportResult> {
    return kind === 'people' ? this.people(input, opts) : this.pairs(input, opts);
  }

  people(input: Buffer | string, opts: ImportOptions = {}): Promise<ImportResult> {
    return this.execute(
      readSheet(input, peopleColumns),
      opts,
      (db, rows) => this.planPeople(db, rows, opts),
      (trx, people, onRow) => repo.insertPeople(trx, people, this.clock.now(), onRow),
      'people',
    );
  }

  pairs(input: Buffer | string, opts: ImportOptions = {}): Promise<ImportResult> {
    return this.execute(
      readSheet(input, pairColumns),
      opts,
      (db, rows) => this.planPairs(db, rows, opts),
      (trx, pairs, onRow) => repo.insertPairs(trx, pairs, onRow),
      'pairs',
    );
  }

  private async execute<T>(
    sheet: ReturnType<typeof readSheet>,
    opts: ImportOptions,
    plan: (db: Db, rows: SheetRow[]) => Promise<Plan<T>>,
    write: (trx: Transaction<Database>, rows: T[], onRow: (done: number) => void) => Promise<void>,
    kind: ImportKind,
  ): Promise<ImportResult> {
    if (!sheet.ok) return { imported: 0, skipped: 0, errors: sheet.errors, ignoredColumns: [] };
    const result = (p: Plan<T>): ImportResult => ({ imported: p.rows.length, skipped: p.skipped, errors: p.errors, ignoredColumns: sheet.ignoredColumns, toImport: p.lines.slice(0, PREVIEW_ROWS) });
    if (opts.dryRun) return result(await plan(this.db, sheet.rows));
    for (let attempt = 0; ; attempt++) {
      try {
        // Checked and written in one transaction: nothing can come between the check and the write.
        return await this.db.transaction().execute(async (trx) => {
          const p = await plan(trx, sheet.rows);
          await write(trx, p.rows, (done) => opts.onProgress?.('writing', done, p.rows.length));
          const done = result(p);
          await recordProgramEvent(trx, {
            entity: 'import',
            entityId: (await countProgramEvents(trx, 'import')) + 1,
            type: `${kind}-imported`,
            actor: opts.actor ?? 'relay',
            at: this.clock.now(),
            detail: { kind, file: opts.fileName ?? null, imported: done.imported, skipped: done.skipped, errors: done.errors.length },
          });
          return done;
        });
      } catch (err) {
        // A new pair's random alias taken (50 bits: almost never): the whole run again, with new ones.
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }

  private async planPeople(db: Db, rows: SheetRow[], opts: ImportOptions): Promise<Plan<repo.ImportedPerson>> {
    const organizations = await repo.organizationNames(db);
    const orgByKey = new Map(organizations.map((o) => [orgKey(o.name), o]));
    const orgName = new Map(organizations.map((o) => [o.id, o.name]));
    const checked = rows.map((row) => ({ row, email: emailProblem(row.cells.email!) }));
    const owners = new Map(
      (await repo.peopleByAddress(db, checked.flatMap((c) => ('address' in c.email ? [c.email.address] : [])))).map((p) => [p.address, p]),
    );
    const plan: Plan<repo.ImportedPerson> = { rows: [], lines: [], skipped: 0, errors: [] };
    const firstLine = new Map<string, number>();
    checked.forEach(({ row, email }, i) => {
      const errors: ImportError[] = [];
      const fail = (field: string, message: string) => errors.push({ line: row.line, field, message });
      const { name, role: roleCell, organization } = row.cells as Record<string, string>;
      if (name === '') fail('name', 'must not be empty');
      else if (/[\u0000-\u001f\u007f-\u009f]/.test(name!)) fail('name', 'must not hold control characters (line breaks, escapes)');
      if ('message' in email) fail('email', email.message);
      else if (email.address.endsWith(`@${this.domain}`) || email.address.endsWith(`.${this.domain}`)) fail('email', `an address at the relay's own domain (${this.domain}) cannot be a participant's`);
      else if (firstLine.has(email.address)) fail('email', `${email.address} is also on line ${firstLine.get(email.address)}`);
      if ('address' in email && !firstLine.has(email.address)) firstLine.set(email.address, row.line);
      const role = roleOf(roleCell!);
      if (!role) fail('role', `${roleCell === '' ? 'must not be empty' : `"${roleCell}" is not a role`}: use ${personRoles.join(', ')}`);
      const org = organization === '' ? null : orgByKey.get(orgKey(organization!));
      if (org === undefined) {
        fail(
          'organization',
          organizations.length === 0
            ? `no organization named "${organization}": there are no organizations yet; create them first`
            : `no organization named "${organization}"; the organizations are ${listed(organizations.map((o) => o.name))}`,
        );
      }
      const address = 'address' in email ? email.address : '';
      const owner = owners.get(address);
      if (errors.length === 0 && owner) {
        // The same person imported before is skipped; anything else the row says is not changed by an import.
        const now = `${address} is already person ${owner.id}, ${owner.name}`;
        if (!sameName(owner.name, name!)) fail('name', `${now}; this row names ${name} (an import never changes a person)`);
        else if (owner.role !== role) fail('role', `${now}, a ${owner.role}; this row says ${role} (an import never changes a person)`);
        else if (owner.organization_id !== (org?.id ?? null)) {
          const theirs = owner.organization_id === null ? 'no organization' : orgName.get(owner.organization_id);
          fail('organization', `${now}, of ${theirs}; this row says ${org?.name ?? 'no organization'} (an import never changes a person)`);
        } else plan.skipped++;
      } else if (errors.length === 0) {
        plan.rows.push({ name: name!, email: address, role: role!, organizationId: org?.id ?? null });
        plan.lines.push({ line: row.line, text: `${name} <${address}>, ${role}${org ? `, ${org.name}` : ''}` });
      }
      plan.errors.push(...errors);
      if ((i + 1) % 500 === 0) opts.onProgress?.('checking', i + 1, rows.length);
    });
    opts.onProgress?.('checking', rows.length, rows.length);
    return plan;
  }

  /**
   * Pairs between people already in the relay. A protégé has one mentor at a time: a second row
   * for the same protégé, or a protégé already paired with someone else, is an error; a mentor may
   * have several protégés. A pair that exists is skipped, unless it was closed: a closed pair (a
   * safety closure among them) is never reopened by running an old file again.
   */
  private async planPairs(db: Db, rows: SheetRow[], opts: ImportOptions): Promise<Plan<NewPair>> {
    const checked = rows.map((row) => ({ row, mentor: emailProblem(row.cells.mentor_email!), protege: emailProblem(row.cells.protege_email!) }));
    const addresses = checked.flatMap((c) => [c.mentor, c.protege].flatMap((e) => ('address' in e ? [e.address] : [])));
    const people = new Map((await repo.peopleByAddress(db, addresses)).map((p) => [p.address, p]));
    const existing = await repo.pairsOf(db, [...new Set([...people.values()].map((p) => p.id))]);
    const between = new Map<string, typeof existing>();
    const openByProtege = new Map<number, (typeof existing)[number]>();
    for (const x of existing) {
      between.set(`${x.mentor_id}:${x.protege_id}`, [...(between.get(`${x.mentor_id}:${x.protege_id}`) ?? []), x]);
      if (x.status !== 'closed') openByProtege.set(x.protege_id, x);
    }
    const plan: Plan<NewPair> = { rows: [], lines: [], skipped: 0, errors: [] };
    const protegeLine = new Map<number, number>();
    const at = this.clock.now();
    checked.forEach(({ row, mentor, protege }, i) => {
      const errors: ImportError[] = [];
      const person = (field: string, email: typeof mentor, role: PersonRole) => {
        if ('message' in email) return void errors.push({ line: row.line, field, message: email.message });
        const p = people.get(email.address);
        if (!p) return void errors.push({ line: row.line, field, message: `no person has the address ${email.address}; import the people first` });
        if (p.role !== role) return void errors.push({ line: row.line, field, message: `${email.address} is ${p.name}, a ${p.role}, not a ${role}` });
        return p;
      };
      const m = person('mentor_email', mentor, 'mentor');
      const p = person('protege_email', protege, 'protege');
      if (m && p) {
        const same = between.get(`${m.id}:${p.id}`) ?? [];
        const other = openByProtege.get(p.id);
        if (protegeLine.has(p.id)) errors.push({ line: row.line, field: 'protege_email', message: `${p.name} is also on line ${protegeLine.get(p.id)}: a protégé has one mentor` });
        else if (same.some((x) => x.status !== 'closed')) plan.skipped++;
        else if (same.length > 0) {
          errors.push({ line: row.line, field: 'protege_email', message: `these two formed pair ${same.at(-1)!.id}, which is closed; an import never reopens a pair` });
        } else if (other && other.mentor_id !== m.id) errors.push({ line: row.line, field: 'protege_email', message: `${p.name} already has a mentor in pair ${other.id}` });
        else {
          plan.rows.push({ alias: newAlias(), mentor_id: m.id, protege_id: p.id, status: 'active', started_at: at, ended_at: null, trusted: 0 });
          plan.lines.push({ line: row.line, text: `${m.name} (mentor) ↔ ${p.name} (protégé)` });
        }
        protegeLine.set(p.id, protegeLine.get(p.id) ?? row.line);
      }
      plan.errors.push(...errors);
      if ((i + 1) % 500 === 0) opts.onProgress?.('checking', i + 1, rows.length);
    });
    opts.onProgress?.('checking', rows.length, rows.length);
    // The same gate as a pair created one by one: it opens when both participants completed onboarding.
    if (this.options.requireOnboarding) {
      const missing = await missingOfPairs(db, plan.rows, at);
      plan.rows.forEach((r, i) => {
        if (missing[i]!.length > 0) r.status = 'pending';
      });
    }
    return plan;
  }

  /** Keeps a file uploaded on the page until it is confirmed (at most a day); its random id names it. */
  async saveUpload(staffId: number, kind: ImportKind, fileName: string, content: Buffer | string): Promise<{ id: string } | { errors: ImportError[] }> {
    const decoded = decodeCsv(content);
    if (!decoded.ok) return { errors: decoded.errors };
    const now = this.clock.now();
    const id = randomBytes(18).toString('base64url');
    await repo.deleteUploadsBefore(this.db, now - 24 * 60 * 60 * 1000);
    await repo.insertUpload(this.db, { id, staff_id: staffId, kind, file_name: fileName, content: decoded.text, sha256: sha256(decoded.text), created_at: now });
    return { id };
  }

  /** An upload of this member of staff's; the content is checked against the hash taken when it came in. */
  async getUpload(id: string, staffId: number): Promise<ImportUploadRow> {
    const row = await repo.findUpload(this.db, id, staffId);
    if (!row) throw notFound('this upload (it is kept for a day, for the account that uploaded it)');
    if (sha256(row.content) !== row.sha256) throw invalid('file', 'the uploaded file changed since its dry run; upload it again');
    return row;
  }

  /** The real run of a previewed upload; the upload is gone afterwards. */
  /** The past real runs, newest first: who imported what, when, and how it went. */
  async history(limit = 20): Promise<ImportRun[]> {
    const rows = await listProgramEvents(this.db, 'import', undefined, limit);
    return rows.map((r) => {
      const d = JSON.parse(r.detail ?? '{}') as { kind: ImportKind; file: string | null; imported: number; skipped: number; errors: number };
      return { at: toIso(r.at), actor: r.actor, ...d };
    });
  }

  async confirmUpload(id: string, staffId: number, actor: string): Promise<ImportResult & { kind: ImportKind }> {
    const upload = await this.getUpload(id, staffId);
    const result = await this.run(upload.kind, upload.content, { actor, fileName: upload.file_name });
    await repo.deleteUpload(this.db, id);
    return { ...result, kind: upload.kind };
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
