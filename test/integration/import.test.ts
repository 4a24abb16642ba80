import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, removeDir, startTestRelay, type TestRelay } from '../helpers/relay.js';

let t: TestRelay;
let base: string;

beforeEach(async () => {
  t = await startTestRelay();
  base = `http://127.0.0.1:${t.relay.httpPort}`;
  await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' });
  await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' });
});
afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

/** Sends a file as a spreadsheet export would be sent: raw bytes, text/csv. */
async function importCsv(kind: string, csv: string | Buffer, { dryRun = false, token = ADMIN_TOKEN } = {}) {
  const res = await fetch(`${base}/api/import/${kind}${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: typeof csv === 'string' ? csv : new Uint8Array(csv),
  });
  return { status: res.status, body: await res.json() };
}

const people = async () => (await t.api('GET', '/api/people')).body.items as { name: string; email: string; role: string; organizationId: number | null }[];

const PEOPLE = [
  'name,email,role,organization',
  'Morgan Mentor,morgan@corp.example,mentor,Acme Corp', // 2
  'Nobody,,mentor,Acme Corp', // 3: missing email
  'Pat Protege,pat@school.example,Protégé,lincoln high', // 4
  'Bo Boss,bo@corp.example,boss,Acme Corp', // 5: unknown role
  'Lee Typo,lee@school.example,protege,Lincon High', // 6: unknown organization
  'Pat Again,PAT@school.example,protege,Lincoln High', // 7: duplicate address
  'Sam Staff,sam@program.example,staff,', // 8: no organization
].join('\n');

describe('importing people', () => {
  it('reports each bad row by line and field in the dry run, imports only the good ones, and skips them the second time', async () => {
    const dry = await importCsv('people', PEOPLE, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      imported: 3,
      skipped: 0,
      ignoredColumns: [],
      errors: [
        { line: 3, field: 'email', message: 'must not be empty' },
        { line: 5, field: 'role', message: '"boss" is not a role: use mentor, protege, parent, staff' },
        { line: 6, field: 'organization', message: 'no organization named "Lincon High"; the organizations are Acme Corp, Lincoln High' },
        { line: 7, field: 'email', message: 'pat@school.example is also on line 4' },
      ],
    });
    expect(await people()).toEqual([]);

    const real = await importCsv('people', PEOPLE);
    expect(real.body).toEqual(dry.body);
    const orgs = (await t.api('GET', '/api/organizations')).body.items as { id: number; name: string }[];
    const org = (name: string) => orgs.find((o) => o.name === name)!.id;
    expect((await people()).map(({ name, email, role, organizationId }) => ({ name, email, role, organizationId }))).toEqual([
      { name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor', organizationId: org('Acme Corp') },
      { name: 'Pat Protege', email: 'pat@school.example', role: 'protege', organizationId: org('Lincoln High') },
      { name: 'Sam Staff', email: 'sam@program.example', role: 'staff', organizationId: null },
    ]);

    const again = await importCsv('people', PEOPLE);
    expect(again.body).toMatchObject({ imported: 0, skipped: 3 });
    expect(again.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 5, 6, 7]);
    // Each real run is in the program's history (who, the counts); the dry run is not.
    expect(await t.relay.services.imports.history()).toEqual([
      expect.objectContaining({ kind: 'people', imported: 0, skipped: 3, errors: 4, actor: expect.stringMatching(/admin/) }),
      expect.objectContaining({ kind: 'people', imported: 3, skipped: 0, errors: 4 }),
    ]);
    expect(await people()).toHaveLength(3);
  });

  it('refuses an address that belongs to someone else, naming what differs', async () => {
    await importCsv('people', 'name,email,role\nMorgan Mentor,morgan@corp.example,mentor');
    const res = await importCsv('people', 'name,email,role\nMorgan Mentor,morgan@corp.example,protege\nMorgana,MORGAN@corp.example,mentor');
    expect(res.body.errors).toEqual([
      { line: 2, field: 'role', message: 'morgan@corp.example is already person 1, Morgan Mentor, a mentor; this row says protege (an import never changes a person)' },
      { line: 3, field: 'email', message: 'morgan@corp.example is also on line 2' },
    ]);
  });

  it("reads Excel's files: BOM, semicolons, CRLF, quoted line breaks, headers in another case, extra columns", async () => {
    const csv = '\uFEFF Name ;EMAIL;Role;Organisation;Notes\r\n"Ann\r\nLee";ann@corp.example;mentor;Acme Corp;"likes ; semicolons"\r\n\r\n;;;;\r\n"Bob, Jr.";bob@;mentor;;\r\n"<script>alert(1)</script>";x@corp.example;parent;;\r\n';
    const res = await importCsv('people', Buffer.from(csv, 'utf8'));
    expect(res.body).toEqual({
      imported: 2,
      skipped: 0,
      ignoredColumns: ['Notes'],
      errors: [{ line: 6, field: 'email', message: 'not an email address: "bob@"' }],
    });
    expect((await people()).map((p) => p.name)).toEqual(['Ann Lee', '<script>alert(1)</script>']);
  });

  it('answers a missing column once, on line 1, and a file that is not UTF-8 with a clear error', async () => {
    expect((await importCsv('people', 'Name,Role\nAnn,mentor\nBob,mentor')).body.errors).toEqual([
      { line: 1, field: 'email', message: 'the column "email" is missing; the first line must name the columns name,email,role,organization (found: Name, Role)' },
    ]);
    const latin1 = await importCsv('people', Buffer.from('name,email,role\nJosé,jose@corp.example,mentor\n', 'latin1'));
    expect(latin1.status).toBe(400);
    expect(latin1.body.error).toMatchObject({ field: 'file', message: expect.stringMatching(/not UTF-8/) });
  });

  it('needs an admin token, even for a dry run, and refuses a file over 10 MB with 413', async () => {
    const reviewer = (await t.relay.services.tokens.create('reviewer', 'Rita')).token;
    const res = await importCsv('people', PEOPLE, { dryRun: true, token: reviewer });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    const big = await importCsv('people', `name,email,role\n${'x'.repeat(11 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('the CSV file is larger than 10 MB; split it into smaller files');
  });

  it('imports 10,000 people in one run', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Person ${i},p${i}@corp.example,mentor,Acme Corp`);
    const res = await importCsv('people', ['name,email,role,organization', ...rows].join('\n'));
    expect(res.body).toMatchObject({ imported: 10_000, errors: [] });
    expect(await people()).toHaveLength(10_000);
    expect((await importCsv('people', ['name,email,role,organization', ...rows].join('\n'))).body).toMatchObject({ imported: 0, skipped: 10_000 });
  });
});

describe('importing pairs', () => {
  beforeEach(async () => {
    await importCsv(
      'people',
      [
        'name,email,role,organization',
        'Morgan Mentor,morgan@corp.example,mentor,Acme Corp',
        'Max Mentor,max@corp.example,mentor,Acme Corp',
        'Pat Protege,pat@school.example,protege,Lincoln High',
        'Quinn Protege,quinn@school.example,protege,Lincoln High',
        'Rae Protege,rae@school.example,protege,Lincoln High',
      ].join('\n'),
    );
  });

  it('reports unknown addresses, wrong roles and pairs that exist; imports the good rows; skips them the second time', async () => {
    const existing = await importCsv('pairs', 'mentor_email,protege_email\nmax@corp.example,rae@school.example');
    expect(existing.body).toMatchObject({ imported: 1, errors: [] });
    const csv = [
      'Mentor Email,Protégé Email',
      'morgan@corp.example,pat@school.example', // 2
      'nobody@corp.example,quinn@school.example', // 3: unknown mentor
      'pat@school.example,quinn@school.example', // 4: wrong role
      'max@corp.example,rae@school.example', // 5: exists
      'max@corp.example,pat@school.example', // 6: Pat is on line 2
    ].join('\r\n');
    const dry = await importCsv('pairs', csv, { dryRun: true });
    expect(dry.body).toEqual({
      imported: 1,
      skipped: 1,
      ignoredColumns: [],
      errors: [
        { line: 3, field: 'mentor_email', message: 'no person has the address nobody@corp.example; import the people first' },
        { line: 4, field: 'mentor_email', message: 'pat@school.example is Pat Protege, a protege, not a mentor' },
        { line: 6, field: 'protege_email', message: 'Pat Protege is also on line 2: a protégé has one mentor' },
      ],
    });
    expect((await t.api('GET', '/api/pairs')).body.items).toHaveLength(1);

    expect((await importCsv('pairs', csv)).body).toEqual(dry.body);
    const pairs = (await t.api('GET', '/api/pairs')).body.items as { mentorId: number; protegeId: number; status: string }[];
    expect(pairs).toHaveLength(2);
    expect(pairs[1]).toMatchObject({ mentorId: 1, protegeId: 3, status: 'active' });

    expect((await importCsv('pairs', csv)).body).toMatchObject({ imported: 0, skipped: 2 });
    expect((await t.api('GET', '/api/pairs')).body.items).toHaveLength(2);
  });

  it('never reopens a closed pair', async () => {
    const csv = 'mentor_email,protege_email\nmorgan@corp.example,pat@school.example';
    await importCsv('pairs', csv);
    await t.api('PATCH', '/api/pairs/1', { status: 'closed' });
    expect((await importCsv('pairs', csv)).body.errors).toEqual([
      { line: 2, field: 'protege_email', message: 'these two formed pair 1, which is closed; an import never reopens a pair' },
    ]);
  });
});
