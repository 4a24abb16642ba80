import { expect } from 'vitest';
import { screened, type TestRelay } from './relay.js';
import { message, sendOnce } from './smtp-client.js';

/** Builders for a program's weeks by hand, at the relay clock's dates (the reports' and the dashboard's tests). */

export async function org(r: TestRelay, name: string, kind: string): Promise<number> {
  return (await r.api('POST', '/api/organizations', { name, kind })).body.id;
}

/** A mentor and a protégé numbered `n`, and their pair, opened at the clock's time. */
export async function pair(r: TestRelay, n: number, mentorOrg: number, protegeOrg: number, mentorName = `Mentor ${n}`) {
  const mentor = (await r.api('POST', '/api/people', { name: mentorName, email: `mentor${n}@corp.example`, role: 'mentor', organizationId: mentorOrg })).body.id as number;
  const protege = (await r.api('POST', '/api/people', { name: `Protege ${n}`, email: `protege${n}@school.example`, role: 'protege', organizationId: protegeOrg })).body.id as number;
  const p = (await r.api('POST', '/api/pairs', { mentorId: mentor, protegeId: protege })).body as { id: number; alias: string };
  return { id: p.id, alias: p.alias, mentorId: mentor, protegeId: protege, mentor: `mentor${n}@corp.example`, protege: `protege${n}@school.example` };
}

/** Sends from `from` to the pair at the clock's `at` and waits until screening read it; resolves its id. */
export async function writeAt(r: TestRelay, at: string, from: string, alias: string, body = 'How was school this week?'): Promise<number> {
  r.clock.set(at);
  const reply = await sendOnce(r.smtpPort, from, [alias], message({ from, to: alias, subject: 'Week', body }));
  expect(reply).toMatch(/^250 /);
  const id = Number(/message (\d+)/.exec(reply)![1]);
  await screened(r, id);
  return id;
}

/** A decision through the API at the clock's `at` (`path`: approve or reject), by `token`'s holder. */
export async function decideAt(r: TestRelay, at: string, id: number, path: string, body: unknown, token?: string) {
  r.clock.set(at);
  const res = await r.api('POST', `/api/messages/${id}/${path}`, body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export const HOSTILE_NAME = '<script>alert(1)</script>';

/**
 * Week 48 of 2026 (Monday 23 November), as in the reports' test: pair A exchanges four messages that
 * a reviewer (Rita) and an administrator decide; pair B gets one message, flagged for a phone number,
 * still held; pair C opens in week 49. Pair D opened on 16 November and nobody wrote (silent 7 days);
 * pair E, whose mentor has a hostile name, opened on 20 October and nobody wrote (silent 14 days,
 * its check-ins overdue). `before` adds to the program after the organizations. The clock stops on
 * Tuesday 1 December, when the coordinator looks.
 */
export async function weekOfFivePairs(r: TestRelay, before: (orgs: { acme: number; lincoln: number; roosevelt: number }) => Promise<void> = async () => {}) {
  r.clock.set('2026-10-20T09:00:00Z');
  const acme = await org(r, 'Acme Corp', 'company');
  const lincoln = await org(r, 'Lincoln High', 'school');
  const roosevelt = await org(r, 'Roosevelt Middle', 'school');
  const e = await pair(r, 5, acme, lincoln, HOSTILE_NAME);
  // Whatever else a test wants in the program before (it may set the clock back or forward).
  await before({ acme, lincoln, roosevelt });
  r.clock.set('2026-11-16T09:00:00Z');
  const a = await pair(r, 1, acme, lincoln);
  const b = await pair(r, 2, acme, roosevelt);
  const d = await pair(r, 4, acme, roosevelt);
  const { token: rita } = await r.relay.services.tokens.create('reviewer', 'Rita');

  const a1 = await writeAt(r, '2026-11-23T10:00:00Z', a.mentor, a.alias);
  await decideAt(r, '2026-11-23T12:00:00Z', a1, 'approve', { text: 'How was school this week? (edited)' }, rita); // hold 120, edited
  const a2 = await writeAt(r, '2026-11-24T10:00:00Z', a.protege, a.alias);
  await decideAt(r, '2026-11-24T10:30:00Z', a2, 'approve', {}); // hold 30, by the administrator
  const a3 = await writeAt(r, '2026-11-24T11:00:00Z', a.mentor, a.alias);
  await decideAt(r, '2026-11-25T11:00:00Z', a3, 'reject', { reason: 'Please keep it to the program' }, rita); // hold 1440
  await writeAt(r, '2026-11-26T10:00:00Z', a.protege, a.alias); // left held: the oldest wait
  await writeAt(r, '2026-11-27T10:00:00Z', b.mentor, b.alias, 'Call me tonight on 202-555-0147 if you like.');
  r.clock.set('2026-11-30T08:00:00Z');
  const c = await pair(r, 3, acme, lincoln);
  r.clock.set('2026-12-01T09:00:00Z');
  return { a, b, c, d, e, rita };
}
