import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';

/** One line of the written sheet: a task still in use and who is responsible for it. */
export interface SheetRow {
  task: string;
  organization: string | null;
  person: string | null;
  email: string | null;
}

/** What the sheet shows, hashed: a send records it, and a different hash later means the matrix changed since. */
export function matrixHash(rows: readonly SheetRow[]): string {
  const canonical = rows.map((r) => [r.task, r.organization, r.person, r.email]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The sheet as CSV, one task a line; unassigned cells empty. */
export function sheetCsv(rows: readonly SheetRow[]): string {
  return stringify(
    rows.map((r, i) => ({ number: i + 1, task: r.task, organization: r.organization ?? '', person: r.person ?? '', email: r.email ?? '' })),
    {
      header: true,
      // A cell a spreadsheet would run as a formula (=, +, -, @ ...) gets a leading quote: task and
      // person names are typed by people, and the file is opened in Excel by every organizer.
      escape_formulas: true,
      columns: [
        { key: 'number', header: 'number' },
        { key: 'task', header: 'task' },
        { key: 'organization', header: 'organization responsible' },
        { key: 'person', header: 'person responsible' },
        { key: 'email', header: 'email' },
      ],
    },
  );
}

/** The sheet as plain text, for the mail's text part. */
export function sheetText(rows: readonly SheetRow[]): string {
  return rows
    .map((r, i) => {
      const who = r.organization ? `${r.organization}: ${r.person ? `${r.person}${r.email ? ` <${r.email}>` : ''}` : 'person not chosen yet'}` : 'UNASSIGNED';
      return `${i + 1}. ${r.task}\n   ${who}`;
    })
    .join('\n');
}
