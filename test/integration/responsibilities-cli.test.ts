import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../src/app.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, testConfig } from '../helpers/relay.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
});
afterEach(() => removeDir(dir));

const run = (args: string[]) => runCli(dir, args);

/** Two organizations with a staff person each, written to the CLI's database. */
async function seed() {
  const { handle, services } = await openServices(testConfig(dir));
  try {
    const school = await services.program.createOrganization({ name: 'Lincoln High', kind: 'school' });
    const corp = await services.program.createOrganization({ name: 'Acme Corp', kind: 'company' });
    await services.program.createPerson({ name: 'Sue School', email: 'sue@school.example', role: 'staff', organizationId: school.id });
    await services.program.createPerson({ name: 'Carl Corp', email: 'carl@corp.example', role: 'staff', organizationId: corp.id });
  } finally {
    await handle.close();
  }
}

describe('mentor-relay responsibilities', () => {
  it('lists, assigns by name and address, refuses a person of another organization in one line, unassigns and sends', async () => {
    await seed();
    const list = run(['responsibilities', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout.startsWith('  1  recruiting mentors\n     UNASSIGNED\n  2  producing online mentoring orientation materials\n')).toBe(true);

    const ok = run(['responsibilities', 'assign', '1', '--organization', 'acme corp', '--person', 'carl@corp.example']);
    expect(ok).toMatchObject({ status: 0, stdout: 'task 1: Acme Corp: Carl Corp <carl@corp.example>\n' });
    expect(run(['responsibilities', 'list']).stdout).toContain('  1  recruiting mentors\n     Acme Corp: Carl Corp <carl@corp.example>\n');

    const wrong = run(['responsibilities', 'assign', '2', '--organization', 'Lincoln High', '--person', 'carl@corp.example']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^mentor-relay: personId: person \d+ \(Carl Corp\) belongs to Acme Corp, not Lincoln High\n$/);
    const unknown = run(['responsibilities', 'assign', '2', '--organization', 'Nowhere School']);
    expect(unknown).toMatchObject({ status: 1, stderr: 'mentor-relay: organizationId: no organization named "Nowhere School"\n' });
    expect(run(['responsibilities', 'assign', '2']).status).toBe(2);

    expect(run(['responsibilities', 'unassign', '1'])).toMatchObject({ status: 0, stdout: 'task 1: UNASSIGNED\n' });
    const send = run(['responsibilities', 'send']);
    expect(send.status).toBe(0);
    expect(send.stdout).toMatch(/^the sheet is queued for 2 organizers \(carl@corp\.example, sue@school\.example\)/);
  });
});
