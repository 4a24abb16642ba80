import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeDir, startTestRelay } from '../helpers/relay.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-import-cli-'));
});
afterEach(() => removeDir(dir));

const run = (args: string[]) => runCli(dir, args);

describe('mentor-relay import', () => {
  it('prints the dry run with each bad row by line, exits 1, and imports the good rows for real', async () => {
    writeFileSync(
      path.join(dir, 'people.csv'),
      ['name,email,role,organization,notes', 'Ann Lee,ann@corp.example,mentor,Acme Corp,', 'Bob,bob@,mentor,,', 'Cy,cy@school.example,teacher,,', 'Di,di@school.example,protege,,'].join('\r\n'),
    );
    const t = await startTestRelay({}, dir);
    await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' });
    await t.stop();

    const dry = run(['import', 'people', 'people.csv', '--dry-run']);
    expect(dry).toEqual({
      status: 1,
      stderr: '',
      stdout: [
        'dry run, nothing written: would import 2, skip 0; 2 errors',
        'ignored columns: notes',
        'line 3, email: not an email address: "bob@"',
        'line 4, role: "teacher" is not a role: use mentor, protege, parent, staff',
        '',
      ].join('\n'),
    });
    expect(run(['import', 'people', 'people.csv']).stdout.split('\n')[0]).toBe('imported 2, skipped 0, 2 errors');
    expect(run(['import', 'people', 'people.csv']).stdout.split('\n')[0]).toBe('imported 0, skipped 2, 2 errors');

    writeFileSync(path.join(dir, 'pairs.csv'), 'mentor_email,protege_email\nann@corp.example,di@school.example\n');
    expect(run(['import', 'pairs', 'pairs.csv'])).toEqual({ status: 0, stderr: '', stdout: 'imported 1, skipped 0, 0 errors\n' });

    const after = await startTestRelay({}, dir);
    try {
      expect((await after.api('GET', '/api/people')).body.items.map((p: { email: string }) => p.email)).toEqual(['ann@corp.example', 'di@school.example']);
      expect((await after.api('GET', '/api/pairs')).body.items).toHaveLength(1);
    } finally {
      await after.stop();
    }
  });

  it('answers a missing file with one line and no stack, and a wrong command line with the usage', () => {
    expect(run(['import', 'people', 'people.csv'])).toEqual({ status: 1, stdout: '', stderr: 'mentor-relay: cannot read people.csv: no such file\n' });
    const wrong = run(['import', 'staff', 'x.csv']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe('mentor-relay: import takes people or pairs (got "staff"); try: import people FILE.csv --dry-run');
    expect(wrong.stderr).toContain('import people|pairs FILE.csv [--dry-run]');
  });
});
