import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The program's source document: the copy kept with the tests, or the file `RELAY_TEST_SEED`
 * names (CI points it at the original, so the copy cannot drift from it).
 */
export const seedFile = process.env.RELAY_TEST_SEED ?? fileURLToPath(new URL('../fixtures/seed/000_c4a8aceed3fab72d.txt', import.meta.url));

/**
 * The task column of the document's table, read from its text as a person reads the printed
 * table: a row ends at the cell rule (a line of non-breaking spaces), after a closing parenthesis
 * that no other opening one follows, or where the text breaks a line at a new cell (a line that
 * starts with a space and is not a parenthesised aside). A task's lines are joined with one space.
 */
export function seedTasks(text = readFileSync(seedFile, 'utf8')): string[] {
  const lines = text.split(/\r?\n/);
  // The table starts after its header: task | organization responsible | person responsible.
  const header = lines.findIndex((l, i) => l.trim() === 'person' && lines.slice(i + 1).find((n) => n.trim() !== '')?.trim() === 'responsible');
  const body = lines.slice(header + 1);
  const start = body.findIndex((l) => l.trim() === 'responsible');
  const tasks: string[][] = [];
  let current: string[] = [];
  const end = () => {
    if (current.length) tasks.push(current);
    current = [];
  };
  for (const line of body.slice(start + 1)) {
    const text = line.replace(/\u00a0/g, ' ');
    if (text.trim() === '') {
      if (line.includes('\u00a0')) end(); // the rule between two rows
      continue;
    }
    const aside = text.trim().startsWith('(');
    const last = current[current.length - 1];
    if (last !== undefined && !aside && (last.endsWith(')') || text.startsWith(' '))) end();
    current.push(text.trim());
  }
  end();
  return tasks.map((t) => t.join(' ').replace(/\s+/g, ' '));
}
