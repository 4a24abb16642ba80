import { describe, expect, it } from 'vitest';
import { readSheet } from '../../../src/program/csv.js';

const people = { required: ['name', 'email', 'role'], optional: ['organization'] } as const;

describe('readSheet', () => {
  it('gives each row the line it starts on, past a BOM, semicolons, CRLF, quoted line breaks and blank lines', () => {
    const csv = Buffer.from('\uFEFFName;E-mail;Role\r\n"Ann\r\n\r\nLee";"ann@x.example";mentor\r\n\r\n  \r\n"Bob; Jr.";bob@x.example;"pro\ntege"\r\nCy;cy@x.example;staff', 'utf8');
    expect(readSheet(csv, { ...people, aliases: { e_mail: 'email' } })).toEqual({
      ok: true,
      ignoredColumns: [],
      rows: [
        { line: 2, cells: { name: 'Ann Lee', email: 'ann@x.example', role: 'mentor', organization: '' } },
        { line: 7, cells: { name: 'Bob; Jr.', email: 'bob@x.example', role: 'pro tege', organization: '' } },
        { line: 9, cells: { name: 'Cy', email: 'cy@x.example', role: 'staff', organization: '' } },
      ],
    });
  });

  it('detects the delimiter from the header line, not from the rows', () => {
    const sheet = readSheet('name,email,role\n"Lee; Ann",ann@x.example,mentor\n', people);
    expect(sheet.ok && sheet.rows[0]!.cells.name).toBe('Lee; Ann');
  });

  it('answers a broken quote with the line it is on', () => {
    expect(readSheet('name,email,role\nAnn,ann@x.example,mentor\n"Bob,bob@x.example,mentor\n', people)).toEqual({
      ok: false,
      errors: [{ line: 3, field: 'file', message: 'the file cannot be read as CSV here: a quote (") opened on this line is never closed' }],
    });
  });

  it('names a missing column and a column that appears twice on the header line', () => {
    expect(readSheet('Name,Email,email\nAnn,a@x.example,a@x.example\n', people)).toEqual({
      ok: false,
      errors: [
        { line: 1, field: 'file', message: 'the column "email" appears twice' },
        { line: 1, field: 'role', message: 'the column "role" is missing; the first line must name the columns name,email,role,organization (found: Name, Email, email)' },
      ],
    });
  });
});
