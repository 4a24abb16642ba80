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

const run = (args: string[]) => runCli(dir, args, { USER: 'casey' });

async function seed() {
  const { handle, services } = await openServices(testConfig(dir));
  try {
    return (await services.program.createPerson({ name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor' })).id;
  } finally {
    await handle.close();
  }
}

describe('mentor-relay onboarding', () => {
  it('records steps by address or ID, refuses one out of order in one line, and shows the pipeline', async () => {
    const id = await seed();
    expect(run(['onboarding', 'record', 'morgan@corp.example', 'applied', '--at', '2026-11-20', '--note', 'by phone']).status).toBe(0);
    const reviewed = run(['onboarding', 'record', String(id), 'application-reviewed', '--at', '2026-11-21T09:30:00Z']);
    expect(reviewed.status).toBe(0);

    const early = run(['onboarding', 'record', String(id), 'approved', '--at', '2026-11-22']);
    expect(early).toMatchObject({ status: 1, stdout: '', stderr: 'mentor-relay: step: approved needs background-check first\n' });
    const noExpiry = run(['onboarding', 'record', String(id), 'background-check', '--at', '2026-11-22']);
    expect(noExpiry).toMatchObject({ status: 1, stderr: 'mentor-relay: expiresAt: a cleared background check needs its expiry date\n' });
    expect(run(['onboarding', 'record', String(id), 'applied', '--at', 'yesterday']).status).toBe(2);
    expect(run(['onboarding', 'record', String(id), 'applied', '--status', 'maybe']).status).toBe(2);
    expect(run(['onboarding', 'show', 'nobody@example.org'])).toMatchObject({ status: 1, stderr: 'mentor-relay: personId: no person with the address "nobody@example.org"\n' });

    const failed = run(['onboarding', 'record', String(id), 'background-check', '--status', 'failed', '--at', '2026-11-23']);
    expect(failed.status).toBe(0);
    expect(run(['onboarding', 'show', 'morgan@corp.example'])).toMatchObject({
      status: 0,
      stdout: [
        `Morgan Mentor (mentor ${id}): not complete`,
        '  applied               done     2026-11-20  cli (casey)  by phone',
        '  application-reviewed  done     2026-11-21  cli (casey)',
        '  background-check      failed   2026-11-23  cli (casey)',
        '  approved              pending',
        '  notified              pending',
        '  oriented              pending',
        '',
      ].join('\n'),
    });
  });
});
