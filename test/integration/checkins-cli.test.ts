import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServices } from '../../src/app.js';
import { SettableClock } from '../../src/db/clock.js';
import { seedTasks } from '../../src/program/seed-tasks.js';
import { runCli } from '../helpers/cli.js';
import { removeDir, testConfig } from '../helpers/relay.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
});
afterEach(() => removeDir(dir));

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const run = (args: string[]) => runCli(dir, args, { USER: 'casey' });

/**
 * The command runs on the system clock, so the program is laid out around the real time: a pair that
 * started 60 days ago, its mentor last checked in 40 days ago (overdue), its protégé 10 days ago.
 */
async function seed(now: number) {
  const clock = new SettableClock(now - 60 * DAY);
  const { handle, services: s } = await openServices(testConfig(dir), () => {}, clock);
  try {
    const org = await s.program.createOrganization({ name: 'Program Office', kind: 'nonprofit' });
    const casey = await s.program.createPerson({ name: 'Casey Coordinator', email: 'casey@program.example', role: 'staff', organizationId: org.id });
    const mentor = await s.program.createPerson({ name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor' });
    const protege = await s.program.createPerson({ name: 'Pat Protege', email: 'pat@school.example', role: 'protege' });
    await s.program.createPair({ mentorId: mentor.id, protegeId: protege.id });
    const task = (await s.responsibilities.list()).find((r) => r.task === seedTasks.mentorContact)!;
    await s.responsibilities.assign(task.id, { organizationId: org.id, personId: casey.id }, 'test');
    clock.set(now);
    const mentorAt = now - 40 * DAY;
    const protegeAt = now - 10 * DAY;
    await s.communications.record({ personId: mentor.id, channel: 'phone', kind: 'check-in', summary: 'First month', at: new Date(mentorAt).toISOString() }, 'test');
    await s.communications.record({ personId: protege.id, channel: 'video', kind: 'check-in', summary: 'All good', at: new Date(protegeAt).toISOString() }, 'test');
    return { mentor: mentor.id, protege: protege.id, casey: casey.id, mentorAt, protegeAt };
  } finally {
    await handle.close();
  }
}

describe('mentor-relay checkins', () => {
  it('prints the overdue check-ins one line each, every one without --overdue, a JSON array with --json', async () => {
    const s = await seed(Date.now());

    const overdue = run(['checkins', '--overdue']);
    expect(overdue).toMatchObject({
      status: 0,
      stderr: '',
      stdout: `Morgan Mentor  mentor   last check-in ${day(s.mentorAt)}  due ${day(s.mentorAt + 30 * DAY)} (overdue)  responsible: Casey Coordinator\n`,
    });

    expect(run(['checkins'])).toMatchObject({
      status: 0,
      stdout: [
        `Morgan Mentor  mentor   last check-in ${day(s.mentorAt)}  due ${day(s.mentorAt + 30 * DAY)} (overdue)  responsible: Casey Coordinator`,
        `Pat Protege    protégé  last check-in ${day(s.protegeAt)}  due ${day(s.protegeAt + 30 * DAY)}  responsible: nobody`,
        '',
      ].join('\n'),
    });

    const json = run(['checkins', '--overdue', '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        personId: s.mentor,
        name: 'Morgan Mentor',
        role: 'mentor',
        lastCheckInAt: new Date(s.mentorAt).toISOString(),
        dueAt: new Date(s.mentorAt + 30 * DAY).toISOString(),
        responsiblePersonId: s.casey,
        responsibleName: 'Casey Coordinator',
      },
    ]);
  });

  it('says so when nothing is overdue, prints never for a person never checked in, and refuses a wrong command line', async () => {
    const now = Date.now();
    const { handle, services } = await openServices(testConfig(dir), () => {}, new SettableClock(now - 5 * DAY));
    try {
      const m = await services.program.createPerson({ name: 'Morgan Mentor', email: 'morgan@corp.example', role: 'mentor' });
      const p = await services.program.createPerson({ name: 'Pat Protege', email: 'pat@school.example', role: 'protege' });
      await services.program.createPair({ mentorId: m.id, protegeId: p.id });
    } finally {
      await handle.close();
    }
    expect(run(['checkins', '--overdue'])).toMatchObject({ status: 0, stdout: 'No check-ins are overdue.\n' });
    const all = run(['checkins']);
    expect(all.status).toBe(0);
    expect(all.stdout.split('\n')[0]).toMatch(/^Morgan Mentor {2}mentor {3}last check-in never {7}due \d{4}-\d{2}-\d{2} {2}responsible: nobody$/);
    expect(JSON.parse(run(['checkins', '--json', '--overdue']).stdout)).toEqual([]);

    const wrong = run(['checkins', '--late']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('Usage:\n  checkins [--overdue] [--json]');
    expect(run(['checkins', 'now']).status).toBe(2);
    expect(run(['help']).stdout).toContain('checkins [--overdue] [--json]');
  });
});
