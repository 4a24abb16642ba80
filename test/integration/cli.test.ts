import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { removeDir, startTestRelay } from '../helpers/relay.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-cli-'));
});
afterEach(() => removeDir(dir));

const run = (args: string[], env: Record<string, string> = {}) => runCli(dir, args, env);

describe('mentor-relay CLI', () => {
  it('migrates, creates a token the API accepts, and adds a pair', async () => {
    expect(run(['migrate'])).toMatchObject({ status: 0, stdout: 'database is up to date\n' });
    const token = run(['token', 'create', '--role', 'reviewer', '--label', 'Rita']);
    expect(token.status).toBe(0);
    expect(token.stdout).toMatch(/^mr_[A-Za-z0-9_-]{43}\n$/);

    const pair = run(['pair', 'add', '--mentor-email', 'morgan@corp.example', '--mentor-name', 'Morgan', '--protege-email', 'pat@school.example', '--protege-name', 'Pat']);
    expect(pair.status).toBe(0);
    expect(pair.stdout).toMatch(/^pair-[a-z2-7]{10}@relay\.test\n$/);
    const again = run(['pair', 'add', '--mentor-email', 'morgan@corp.example', '--protege-email', 'pat@school.example']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already form pair 1/);

    const t = await startTestRelay({}, dir);
    try {
      const res = await t.api('GET', '/api/pairs', undefined, token.stdout.trim());
      expect(res.status).toBe(200);
      expect(res.body.items[0].alias).toBe(pair.stdout.trim());
    } finally {
      await t.stop();
    }
  });

  it('adds a staff account whose password logs in to the review page', async () => {
    const r = runCli(dir, ['user', 'add', '--email', 'Rita@Program.example', '--name', 'Rita Reviewer', '--role', 'reviewer'], {}, 'correct horse battery\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('created reviewer Rita Reviewer <rita@program.example>: they can log in at /login\n');
    expect(run(['user', 'add', '--email', 'x@program.example', '--name', 'X', '--role', 'boss']).stderr.split('\n')[0]).toBe(
      'mentor-relay: --role must be one of reviewer, coordinator, admin (got "boss")',
    );
    const t = await startTestRelay({}, dir);
    try {
      expect(await t.relay.services.staff.authenticate('rita@program.example', 'correct horse battery')).toMatchObject({ name: 'Rita Reviewer', role: 'reviewer' });
      expect(await t.relay.services.staff.authenticate('rita@program.example', 'wrong password')).toBeNull();
    } finally {
      await t.stop();
    }
  });

  it('adds nothing when a pair is refused: no person is left behind', async () => {
    expect(run(['pair', 'add', '--mentor-email', 'morgan@corp.example', '--mentor-name', 'Morgan', '--protege-email', 'pat@school.example', '--protege-name', 'Pat']).status).toBe(0);
    // Pat is a protégé: naming Pat as the mentor is refused, and the new "protégé" Kim must not exist afterwards.
    const wrong = run(['pair', 'add', '--mentor-email', 'pat@school.example', '--protege-email', 'kim@school.example', '--protege-name', 'Kim']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('mentor-relay: mentorId: person 2 is a protege, not a mentor\n');
    const unnamed = run(['pair', 'add', '--mentor-email', 'new@corp.example', '--protege-email', 'pat@school.example']);
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr.split('\n')[0]).toBe("mentor-relay: missing --mentor-name: new@corp.example is not in the program yet: give the mentor's name to add them");
    const t = await startTestRelay({}, dir);
    try {
      expect((await t.api('GET', '/api/people')).body.items.map((p: { email: string }) => p.email)).toEqual(['morgan@corp.example', 'pat@school.example']);
    } finally {
      await t.stop();
    }
  });

  it('says in one line, without a stack or the usage, what is wrong with a file or a setting', () => {
    const missing = run(['user', 'add', '--email', 'r@program.example', '--name', 'R', '--role', 'reviewer', '--password-file', 'nowhere.txt']);
    expect(missing).toMatchObject({ status: 1, stderr: 'mentor-relay: cannot read --password-file nowhere.txt: no such file\n' });
    const level = run(['migrate'], { RELAY_LOG_LEVEL: 'loud' });
    expect(level).toMatchObject({
      status: 78,
      stderr: 'mentor-relay: configuration error: RELAY_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")\n',
    });
    // A usage error shows that command's usage only, not every command's.
    const usage = run(['token', 'create']).stderr;
    expect(usage).toContain('token create --role admin|reviewer');
    expect(usage).not.toContain('stats weekly');
  });

  it('fills a demo program that can be run again, and refuses a database holding another program', async () => {
    const first = run(['demo']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('The demo program is ready.');
    expect(first.stdout).toContain('3 messages are held for review.');
    expect(first.stdout).toMatch(/^The coordinators' dashboard, this week at a glance: http:\/\/\S+\/program\/dashboard$/m);
    const again = run(['demo', '--env']);
    expect(again.status).toBe(0);
    const env = Object.fromEntries(again.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 2, -1)]));
    expect(env.ALIAS).toMatch(/^pair-[a-z2-7]{10}@relay\.test$/);
    const t = await startTestRelay({}, dir);
    try {
      // Run twice, still one program: three open pairs and one waiting for onboarding, three held
      // messages, and the printed logins work.
      const pairs = (await t.api('GET', '/api/pairs', undefined, env.TOKEN)).body.items as { status: string; missing?: { step: string }[] }[];
      expect(pairs.map((p) => p.status)).toEqual(['active', 'active', 'active', 'pending']);
      expect(pairs[3]!.missing!.map((m) => m.step)).toEqual(['background-check', 'approved', 'notified', 'oriented', 'parental-permission', 'approved', 'oriented']);
      expect(first.stdout).toContain('(pending: it opens when both finish onboarding)');
      expect((await t.api('GET', '/api/organizations')).body.items.map((o: { name: string }) => o.name)).toEqual(['Riverside High School', 'Northwind Engineering']);
      expect((await t.api('GET', '/api/messages?status=held')).body.items).toHaveLength(3);
      // Part of the matrix is assigned, each task to one organization and one of its people.
      const tasks = (await t.api('GET', '/api/responsibilities')).body.items as { personId: number | null; organizationName: string }[];
      expect(tasks.filter((r) => r.personId !== null)).toHaveLength(8);
      expect(tasks.filter((r) => r.personId === null).length).toBeGreaterThan(0);
      expect(await t.relay.services.staff.authenticate(env.COORDINATOR_EMAIL!, env.COORDINATOR_PASSWORD!)).toMatchObject({ role: 'coordinator' });
      expect(await t.relay.services.staff.authenticate(env.REVIEWER_EMAIL!, env.REVIEWER_PASSWORD!)).toMatchObject({ role: 'reviewer' });
      await t.api('POST', '/api/organizations', { name: 'Another School', kind: 'school' });
    } finally {
      await t.stop();
    }
    expect(run(['demo'])).toMatchObject({
      status: 1,
      stderr: 'mentor-relay: this database already holds a program (Another School); run the demo on a database of its own, e.g. RELAY_DB=data/demo.db\n',
    });
  });

  it('prints weekly stats as CSV or JSON', () => {
    const csv = run(['stats', 'weekly', '--from', '2026-11-23', '--to', '2026-11-29']);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toMatch(/^week,weekStart,mentorToProtege,protegeToMentor,total,delivered,rejected,failed,pending,held,approved,approvedWithEdits,flagged,flagsPhone,.*\n2026-W48,2026-11-23,0,0,0,0,0,0,0,0,0,0,0,0,.*\n$/);
    const byOrganization = run(['stats', 'weekly', '--from', '2026-11-23', '--to', '2026-11-29', '--by', 'organization']);
    expect(byOrganization.stdout).toMatch(/^week,weekStart,organizationId,organization,pairs,pairsBothWrote,mentorToProtege,/);
    const json = run(['stats', 'weekly', '--from', '2026-11-23', '--to', '2026-11-29', '--format', 'json']);
    expect(JSON.parse(json.stdout).rows[0]).toMatchObject({ week: '2026-W48', total: 0 });
  });

  it('answers bad arguments and bad configuration with one clear line', () => {
    const role = run(['token', 'create', '--role', 'boss']);
    expect(role.status).toBe(2);
    expect(role.stderr.split('\n')[0]).toBe('mentor-relay: --role must be one of admin, reviewer (got "boss")');
    expect(run(['pair', 'add', '--mentor-email', 'm@x.example']).stderr.split('\n')[0]).toBe('mentor-relay: missing --protege-email');
    expect(run(['stats', 'weekly', '--from', 'yesterday']).stderr.trim()).toBe('mentor-relay: from: must be a date as YYYY-MM-DD (got "yesterday")');
    expect(run(['frobnicate']).status).toBe(2);
    const config = run(['serve'], { RELAY_SMTP_PORT: 'abc' });
    expect(config.status).toBe(78);
    expect(config.stderr).toBe('mentor-relay: configuration error: RELAY_SMTP_PORT: must be a whole number (got "abc")\n');
  });
});
