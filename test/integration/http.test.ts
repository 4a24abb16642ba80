import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MENTOR, removeDir, screened, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { message, sendOnce } from '../helpers/smtp-client.js';

let t: TestRelay;

beforeEach(async () => {
  t = await startTestRelay();
});

afterEach(async () => {
  await t.stop();
  removeDir(t.dir);
});

describe('auth', () => {
  it('serves /healthz without a token and nothing else', async () => {
    expect((await t.api('GET', '/healthz', undefined, null)).body).toEqual({ status: 'ok' });
    for (const [method, url] of [
      ['GET', '/api/messages?status=held'],
      ['GET', '/api/pairs'],
      ['POST', '/api/organizations'],
      ['GET', '/api/stats/weekly'],
      ['GET', '/api/openapi.json'],
      ['POST', '/api/messages/1/approve'],
    ] as const) {
      const res = await t.api(method, url, undefined, null);
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await t.api('GET', '/api/pairs', undefined, 'not-a-real-token')).status).toBe(401);
  });

  it('lets a reviewer token read and decide messages but not change the program', async () => {
    const { token } = await t.relay.services.tokens.create('reviewer', 'Rita');
    const { pair } = await setupPair(t);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const held = await t.api('GET', '/api/messages?status=held', undefined, token);
    expect(held.status).toBe(200);
    await screened(t, held.body.items[0].id);
    const approved = await t.api('POST', `/api/messages/${held.body.items[0].id}/approve`, undefined, token);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'Rita (token 1)' });
    const denied = await t.api('POST', '/api/organizations', { name: 'X', kind: 'school' }, token);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'closed' }, token)).status).toBe(403);
  });
});

describe('program', () => {
  it('creates and lists organizations, people and pairs', async () => {
    const { mentor, protege, pair } = await setupPair(t);
    expect(pair.alias).toMatch(/^pair-[a-z2-7]{10}@relay\.test$/);
    expect(pair.status).toBe('active');
    expect((await t.api('GET', '/api/organizations')).body.items.map((o: { kind: string }) => o.kind)).toEqual(['school', 'company']);
    expect((await t.api('GET', '/api/people')).body.items.map((p: { id: number }) => p.id)).toEqual([mentor.id, protege.id]);
    expect((await t.api('GET', '/api/pairs')).body.items).toEqual([pair]);
  });

  it('answers bad input with a JSON error naming the field', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/people', { name: 'A', email: 'not-an-address', role: 'mentor' }, /^email: not an email address/],
      ['POST', '/api/people', { name: 'A', email: 'a@b.example', role: 'boss' }, /role/],
      ['POST', '/api/people', { name: 'A', role: 'mentor' }, /email/],
      ['POST', '/api/people', { name: 'A', email: 'a@b.example', role: 'mentor', organizationId: 99 }, /^organizationId: no organization/],
      ['POST', '/api/pairs', { mentorId: 1 }, /protegeId/],
      ['GET', '/api/messages?limit=0', undefined, /limit/],
      ['GET', '/api/messages?status=lost', undefined, /status/],
      ['GET', '/api/messages?cursor=zzz', undefined, /^cursor:/],
      ['GET', '/api/stats/weekly?from=2026-02-30', undefined, /^from: must be a date/],
    ];
    for (const [method, url, body, pattern] of cases) {
      const res = await t.api(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.message).toMatch(pattern);
    }
    // A list of allowed words is named in full, and the field is given on its own for a form to mark.
    const role = await t.api('POST', '/api/people', { name: 'A', email: 'a@b.example', role: 'boss' });
    expect(role.body.error).toEqual({ code: 'invalid_request', message: 'body/role: must be one of mentor, protege, parent, staff', field: 'role' });
    expect((await t.api('POST', '/api/people', { name: 'A', role: 'mentor' })).body.error.field).toBe('email');
    expect((await t.api('POST', '/api/people', { name: 'A', email: 'nope', role: 'mentor' })).body.error.field).toBe('email');
  });

  it('refuses a duplicate address, a wrong role in a pair, and reopening a closed pair', async () => {
    const { mentor, protege, pair } = await setupPair(t);
    const dup = await t.api('POST', '/api/people', { name: 'Other', email: MENTOR.email.toUpperCase(), role: 'mentor' });
    expect(dup.status).toBe(409);
    expect((await t.api('POST', '/api/pairs', { mentorId: protege.id, protegeId: mentor.id })).body.error.message).toMatch(/^mentorId: person \d+ is a protege/);
    expect((await t.api('POST', '/api/pairs', { mentorId: mentor.id, protegeId: protege.id })).status).toBe(409);
    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'paused' })).body.status).toBe('paused');
    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' })).body.status).toBe('active');
    const closed = (await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'closed' })).body;
    expect(closed.endedAt).not.toBeNull();
    expect((await t.api('PATCH', `/api/pairs/${pair.id}`, { status: 'active' })).status).toBe(409);
    expect((await t.api('PATCH', '/api/pairs/999', { status: 'paused' })).status).toBe(404);
  });
});

describe('messages', () => {
  it('treats empty query parameters as not given', async () => {
    const { pair } = await setupPair(t);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const res = await t.api('GET', '/api/messages?status=held&pairId=&limit=&cursor=');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });

  it('pages through messages with a cursor, oldest first, filtered by status and pair', async () => {
    const { pair } = await setupPair(t);
    for (let i = 0; i < 5; i++) await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email, subject: `m${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { subject: string }[]; nextCursor: string | null } } = await t.api(
        'GET',
        `/api/messages?status=held&pairId=${pair.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m) => m.subject));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect((await t.api('GET', '/api/messages?status=delivered')).body.items).toEqual([]);
    expect((await t.api('GET', `/api/messages?pairId=${pair.id + 1}`)).body.items).toEqual([]);
  });

  it('returns 404 for a message that does not exist, and GET never changes a message', async () => {
    expect((await t.api('GET', '/api/messages/42')).status).toBe(404);
    expect((await t.api('POST', '/api/messages/42/approve')).status).toBe(404);
    const { pair } = await setupPair(t);
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    const get = await t.api('GET', '/api/messages/1/approve');
    expect(get.status).toBe(404);
    expect((await t.api('GET', '/api/messages/1')).body.status).toBe('held');
  });
});

describe('weekly stats', () => {
  it('counts accepted messages per ISO week by direction and outcome, as JSON and CSV', async () => {
    // The relay's clock places the pair and its messages in known weeks: two in 2026-W46, two in 2026-W48.
    t.clock.set('2026-11-10T09:00:00Z');
    const { pair } = await setupPair(t);
    t.clock.set('2026-11-12T09:00:00Z');
    for (let i = 0; i < 2; i++) await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    t.clock.set('2026-11-23T09:00:00Z');
    await sendOnce(t.smtpPort, MENTOR.email, [pair.alias], message({ from: MENTOR.email }));
    await sendOnce(t.smtpPort, 'pat@school.example', [pair.alias], message({ from: 'pat@school.example' }));
    await t.api('POST', '/api/messages/3/reject', { reason: 'off topic' });
    // Without from/to the report ends in the clock's week, whatever today's date is.
    t.clock.set('2026-11-29T20:00:00Z');
    expect((await t.api('GET', '/api/stats/weekly')).body.rows.at(-1)).toMatchObject({ week: '2026-W48', total: 2 });

    const res = await t.api('GET', '/api/stats/weekly?from=2026-11-09&to=2026-11-29');
    expect(res.body.rows).toMatchObject([
      { week: '2026-W46', weekStart: '2026-11-09', mentorToProtege: 2, protegeToMentor: 0, total: 2, delivered: 0, rejected: 0, failed: 0, pending: 2 },
      { week: '2026-W47', weekStart: '2026-11-16', mentorToProtege: 0, protegeToMentor: 0, total: 0, delivered: 0, rejected: 0, failed: 0, pending: 0 },
      { week: '2026-W48', weekStart: '2026-11-23', mentorToProtege: 1, protegeToMentor: 1, total: 2, delivered: 0, rejected: 1, failed: 0, pending: 1 },
    ]);

    expect(res.body.rows[2]).toMatchObject({ held: 1, approved: 0, approvedWithEdits: 0 });
    const byPair = await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-23&by=pair');
    // Pat's reply answers the first of Morgan's unanswered messages (12 November): 11 days.
    expect(byPair.body.rows).toMatchObject([
      {
        week: '2026-W48',
        weekStart: '2026-11-23',
        pairId: pair.id,
        alias: pair.alias,
        mentorToProtege: 1,
        protegeToMentor: 1,
        total: 2,
        delivered: 0,
        rejected: 1,
        failed: 0,
        pending: 1,
        bothWrote: true,
        lastMentorMessageAt: expect.stringMatching(/^2026-11-23T09:00:0/),
        lastProtegeMessageAt: expect.stringMatching(/^2026-11-23T09:00:0/),
        medianReplyMinutes: 11 * 24 * 60,
        medianHoldMinutes: 0,
      },
    ]);

    const csv = await t.api('GET', '/api/stats/weekly?from=2026-11-23&to=2026-11-29&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, line, end] = (csv.body as string).split('\n');
    expect(header).toMatch(/^week,weekStart,mentorToProtege,protegeToMentor,total,delivered,rejected,failed,pending,held,approved,approvedWithEdits,flagged,flagsPhone,/);
    expect(line).toMatch(/^2026-W48,2026-11-23,1,1,2,0,1,0,1,1,0,0,/);
    expect(end).toBe('');
    const accept = await fetch(`http://127.0.0.1:${t.relay.httpPort}/api/stats/weekly?from=2026-11-23&to=2026-11-29`, {
      headers: { authorization: `Bearer ${t.relay.config.adminToken}`, accept: 'text/csv' },
    });
    expect(await accept.text()).toBe(csv.body);
  });
});

describe('staff accounts and the session cookie', () => {
  it('lets an admin token create staff accounts, and nobody else', async () => {
    const created = await t.api('POST', '/api/users', { email: 'Rita@Program.example', name: 'Rita', role: 'reviewer', password: 'correct horse battery' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'rita@program.example', name: 'Rita', role: 'reviewer' });
    expect(created.body).not.toHaveProperty('password');
    expect((await t.api('POST', '/api/users', { email: 'rita@program.example', name: 'R', role: 'reviewer', password: 'correct horse battery' })).status).toBe(409);
    expect((await t.api('POST', '/api/users', { email: 'a@program.example', name: 'A', role: 'reviewer', password: 'short' })).body.error.message).toMatch(/password/);
    const { token } = await t.relay.services.tokens.create('reviewer', null);
    expect((await t.api('POST', '/api/users', { email: 'b@program.example', name: 'B', role: 'admin', password: 'correct horse battery' }, token)).status).toBe(403);
    expect((await t.api('GET', '/api/users', undefined, token)).status).toBe(403);
    expect((await t.api('GET', '/api/users')).body.items.map((u: { email: string }) => u.email)).toEqual(['rita@program.example']);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, not Secure over plain HTTP', async () => {
    const res = await fetch(`http://127.0.0.1:${t.relay.httpPort}/login`);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^relay_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});

describe('OpenAPI', () => {
  it('documents every route of the contract from the route schemas', async () => {
    expect((await t.api('GET', '/openapi.json', undefined, null)).status).toBe(401);
    expect((await t.api('GET', '/openapi.json')).body).toEqual((await t.api('GET', '/api/openapi.json')).body);
    const doc = (await t.api('GET', '/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/organizations', '/api/people', '/api/pairs', '/api/pairs/{id}', '/api/messages', '/api/messages/{id}', '/api/messages/{id}/raw', '/api/messages/{id}/approve', '/api/messages/{id}/reject', '/api/stats/weekly']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/api/pairs'].post.requestBody.content['application/json'].schema.required).toEqual(['mentorId', 'protegeId']);
  });
});

describe('behind a TLS reverse proxy', () => {
  it('marks the session cookie Secure', async () => {
    const proxied = await startTestRelay({ http: { trustProxy: 1 } });
    try {
      const res = await fetch(`http://127.0.0.1:${proxied.relay.httpPort}/login`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await proxied.stop();
      removeDir(proxied.dir);
    }
  });
});
