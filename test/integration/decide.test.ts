import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { claimDue } from '../../src/outbound/outbox.repository.js';
import { mayStillSend } from '../../src/outbound/pair-gate.repository.js';
import { MENTOR, PROTEGE, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { startSink, type Sink } from '../helpers/sink.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

let t: TestRelay | null = null;
let sink: Sink | null = null;

afterEach(async () => {
  await t?.stop();
  await sink?.close();
  if (t) removeDir(t.dir);
  t = sink = null;
});

async function relay(overrides: DeepPartial<Config> = {}) {
  sink = await startSink();
  t = await startTestRelay({ ...overrides, outbound: { url: `smtp://127.0.0.1:${sink.port}`, ...overrides.outbound } });
  const setup = await setupPair(t);
  const send = async (subject: string, body = 'Hi Pat!') => {
    const reply = await sendOnce(t!.smtpPort, MENTOR.email, [setup.pair.alias], message({ from: MENTOR.email, subject, body }));
    return Number(/message (\d+)$/.exec(reply)![1]);
  };
  return { t, sink, ...setup, send };
}

const detail = async (t: TestRelay, id: number) => (await t.api('GET', `/api/messages/${id}`)).body;
const events = async (t: TestRelay, id: number) => (await detail(t, id)).events.map((e: { type: string }) => e.type) as string[];
const outbox = (t: TestRelay) => t.relay.services.db.selectFrom('outbox').selectAll().orderBy('id').execute();

describe('only a screened message is approved', () => {
  it('answers 409 not_screened before screening has read the message, lets it be rejected, and approves it once screened', async () => {
    const { t, sink, send } = await relay();
    // Nothing screens while the worker is stopped: the message stays unread, whatever the timing.
    await t.relay.screening!.stop();
    const id = await send('Hello');
    const other = await send('Another');

    const early = await t.api('POST', `/api/messages/${id}/approve`, {});
    expect(early.status).toBe(409);
    expect(early.body.error).toEqual({ code: 'not_screened', message: `message ${id} has not been screened yet: it can be approved once screening has read it, usually within seconds` });
    const edited = await t.api('POST', `/api/messages/${id}/approve`, { text: 'Hello, edited' });
    expect(edited.status).toBe(409);
    expect(edited.body.error.code).toBe('not_screened');
    expect(await detail(t, id)).toMatchObject({ status: 'held', screenedAt: null, decidedBy: null });
    expect(await events(t, id)).toEqual(['received']);
    // Rejecting forwards nothing: it needs no screening.
    expect((await t.api('POST', `/api/messages/${other}/reject`, { reason: 'Off topic' })).body.status).toBe('rejected');

    t.relay.screening!.start();
    await screened(t, id);
    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).body.status).toBe('approved');
    const received = await sink.waitFor(2);
    const subjects = await Promise.all(received.map(async (r) => (await simpleParser(r.raw)).subject));
    expect(subjects.sort()).toEqual(['Hello', 'Not delivered: Another']);
    expect(received.find((r) => r.to[0] === PROTEGE.email)).toBeDefined();
  });

  it('approves at once when screening is turned off, since nothing would ever screen the message', async () => {
    const { t, sink, send } = await relay({ screening: { enabled: false } });
    const id = await send('Unscreened by design');
    expect((await detail(t, id)).screenedAt).toBeNull();
    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).body.status).toBe('approved');
    const [out] = await sink.waitFor(1);
    expect(out!.to).toEqual([PROTEGE.email]);
  });
});

describe('only an active pair’s message is approved', () => {
  it('answers 409 pair_inactive while the pair is paused or closed, and approves after the pair is resumed', async () => {
    const { t, sink, pair, send } = await relay();
    const id = await send('Paused meanwhile');
    const other = await send('Closed meanwhile');
    await screened(t, id);
    await screened(t, other);
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' });

    const paused = await t.api('POST', `/api/messages/${id}/approve`, {});
    expect(paused.status).toBe(409);
    expect(paused.body.error).toEqual({ code: 'pair_inactive', message: `message ${id} cannot be approved: its pair is paused (resume the pair to approve it, or reject it)` });
    expect((await t.api('POST', `/api/messages/${id}/approve`, { text: 'edited' })).body.error.code).toBe('pair_inactive');
    expect((await detail(t, id)).status).toBe('held');

    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' });
    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).body.status).toBe('approved');
    const [out] = await sink.waitFor(1);
    expect((await simpleParser(out!.raw)).subject).toBe('Paused meanwhile');

    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'closed' });
    const closed = await t.api('POST', `/api/messages/${other}/approve`, {});
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('pair_inactive');
    expect(closed.body.error.message).toMatch(/its pair is closed/);
    expect((await t.api('POST', `/api/messages/${other}/reject`, { reason: 'The pair has ended' })).body.status).toBe('rejected');
  });
});

describe('a queued forward follows its pair', () => {
  it('waits while the pair is paused (no attempt, no failure) and goes out once it is active again', async () => {
    const { t, sink, pair, send } = await relay();
    const id = await send('Approved, then paused');
    const rejected = await send('Rejected while paused');
    await screened(t, id);
    await screened(t, rejected);
    // The worker is stopped so that the forward is still queued when the pair is paused.
    await t.relay.worker.stop();
    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).status).toBe(200);
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' });
    // The rejection notice, queued after the forward, is the sign that the worker has been through the queue.
    await t.api('POST', `/api/messages/${rejected}/reject`, { reason: 'Off topic' });
    t.relay.worker.start();
    const [notice] = await sink.waitFor(1);
    expect(notice!.to).toEqual([MENTOR.email]);
    expect(sink.attempts).toBe(1);
    const [waiting] = await outbox(t);
    expect(waiting).toMatchObject({ message_id: id, kind: 'forward', attempts: 0, last_error: null, claimed_by: null });
    expect(await detail(t, id)).toMatchObject({ status: 'approved', lastError: null });
    expect(await events(t, id)).toEqual(['received', 'approved', 'queued']);

    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' });
    const [, out] = await sink.waitFor(2);
    expect(out!.to).toEqual([PROTEGE.email]);
    expect((await simpleParser(out!.raw)).subject).toBe('Approved, then paused');
    expect(await events(t, id)).toEqual(['received', 'approved', 'queued', 'delivered']);
  });

  it('is withdrawn when the pair is closed: an event says so, and it is never sent', async () => {
    const { t, sink, pair, send } = await relay();
    const id = await send('Approved, then closed');
    const rejected = await send('Rejected after closing');
    await screened(t, id);
    await screened(t, rejected);
    await t.relay.worker.stop();
    expect((await t.api('POST', `/api/messages/${id}/approve`, {})).status).toBe(200);
    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'closed' })).body.status).toBe('closed');

    expect(await outbox(t)).toEqual([]);
    const withdrawn = await detail(t, id);
    expect(withdrawn).toMatchObject({ status: 'failed', lastError: 'withdrawn: the pair was closed', deliveredAt: null });
    expect(withdrawn.events.map((e: { type: string }) => e.type)).toEqual(['received', 'approved', 'queued', 'withdrawn']);
    expect(withdrawn.events[3]).toMatchObject({ type: 'withdrawn', actor: 'admin (RELAY_ADMIN_TOKEN)', detail: { reason: 'the pair was closed before delivery', pairId: pair.id } });

    await t.api('POST', `/api/messages/${rejected}/reject`, { reason: 'The pair has ended' });
    t.relay.worker.start();
    const [notice] = await sink.waitFor(1);
    expect(notice!.to).toEqual([MENTOR.email]);
    expect(sink.attempts).toBe(1);
    expect(sink.received.filter((r) => r.to.includes(PROTEGE.email))).toEqual([]);
    expect((await detail(t, id)).status).toBe('failed');
  });

  it('is checked again between claim and send: paused, it is released unattempted; closed, it is withdrawn', async () => {
    const { t, sink, pair, send } = await relay();
    const id = await send('Claimed, then paused, then closed');
    await screened(t, id);
    await t.relay.worker.stop();
    await t.api('POST', `/api/messages/${id}/approve`, {});
    const db = t.relay.services.db;

    // A worker claims the row, and the pair is paused before it sends.
    const [claimed] = await claimDue(db, 'worker-test', t.clock.now(), 60_000, 10);
    expect(claimed).toMatchObject({ message_id: id, kind: 'forward', claimed_by: 'worker-test' });
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' });
    expect(await mayStillSend(db, claimed!, t.clock.now())).toBe(false);
    expect(await outbox(t)).toMatchObject([{ id: claimed!.id, attempts: 0, claimed_by: null, claim_expires_at: null }]);
    // Not claimable while paused.
    expect(await claimDue(db, 'worker-test', t.clock.now(), 60_000, 10)).toEqual([]);

    // Claimed again once active; then the pair is closed in a way that left the row (as a pair closed
    // by any other path might), and the check withdraws it.
    await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' });
    const [again] = await claimDue(db, 'worker-test', t.clock.now(), 60_000, 10);
    expect(again!.id).toBe(claimed!.id);
    await db.updateTable('pairs').set({ status: 'closed', ended_at: t.clock.now() }).where('id', '=', pair.id).execute();
    expect(await mayStillSend(db, again!, t.clock.now())).toBe(false);
    expect(await outbox(t)).toEqual([]);
    expect(await detail(t, id)).toMatchObject({ status: 'failed', lastError: 'withdrawn: the pair was closed' });
    expect(await events(t, id)).toEqual(['received', 'approved', 'queued', 'withdrawn']);
    // Withdrawn by closing itself: the check finds no row and sends nothing.
    expect(await mayStillSend(db, again!, t.clock.now())).toBe(false);
    expect(sink.attempts).toBe(0);
  });
});
