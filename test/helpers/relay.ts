import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRelay, type Relay } from '../../src/app.js';
import { loadConfig, type DeepPartial } from '../../src/config/load.js';
import { SettableClock } from '../../src/db/clock.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';

export const DOMAIN = 'relay.test';
/** Where a test relay's clock starts, unless the test sets it: a Wednesday in the middle of a week. */
export const TEST_START = '2026-11-25T10:00:00Z';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestRelay {
  relay: Relay;
  dir: string;
  /** The relay's clock: a test sets the date instead of editing rows. */
  clock: SettableClock;
  smtpPort: number;
  /** Calls the HTTP API on the listening server; JSON in and out. */
  api<T = any>(method: string, url: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T; headers: Headers }>;
  stop(): Promise<void>;
}

/** Test settings: ports chosen by the OS, a SQLite file in a temp dir, fast retries. */
export function testConfig(dir: string, overrides: DeepPartial<Config> = {}): Config {
  return loadConfig({
    cwd: dir,
    env: {},
    overrides: {
      domain: DOMAIN,
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      requireOnboarding: false,
      programName: 'Test Program',
      ...overrides,
      // Sections merge with the overrides' own keys: a test that sets smtp.maxMessageBytes keeps port 0.
      db: { path: path.join(dir, 'relay.db'), ...overrides.db },
      smtp: { host: '127.0.0.1', port: 0, ...overrides.smtp },
      http: { host: '127.0.0.1', port: 0, ...overrides.http },
      outbound: { url: `file://${path.join(dir, 'outbox')}`, pollMs: 50, retryBaseMs: 50, retryMaxMs: 200, ...overrides.outbound },
      // Off unless a test turns it on, pointing senderAuth.dnsServers at a DNS server of its own
      // (test/helpers/dns.ts): no test may query the system's resolver.
      senderAuth: { mode: 'off', ...overrides.senderAuth },
    },
  });
}

/** A relay on a temp dir; its clock starts at `start` (a fixed day, so no test depends on today's date). */
export async function startTestRelay(
  overrides: DeepPartial<Config> = {},
  dir = mkdtempSync(path.join(tmpdir(), 'relay-test-')),
  clock = new SettableClock(TEST_START),
): Promise<TestRelay> {
  const config = testConfig(dir, overrides);
  const relay = await startRelay(config, createLogger(config.logLevel), clock);
  const base = `http://127.0.0.1:${relay.httpPort}`;
  return {
    relay,
    dir,
    clock,
    smtpPort: relay.smtpPort,
    async api(method, url, body, token = ADMIN_TOKEN) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
      return { status: res.status, body: json, headers: res.headers };
    },
    async stop() {
      await relay.stop();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const MENTOR = { name: 'Morgan Mentor', email: 'morgan@corp.example' };
export const PROTEGE = { name: 'Pat Protege', email: 'pat@school.example' };

/** Creates two organizations, a mentor, a protégé and their pair through the API. */
export async function setupPair(t: TestRelay, mentor = MENTOR, protege = PROTEGE) {
  const school = (await t.api('POST', '/api/organizations', { name: 'Lincoln High', kind: 'school' })).body;
  const corp = (await t.api('POST', '/api/organizations', { name: 'Acme Corp', kind: 'company' })).body;
  const m = await t.api('POST', '/api/people', { name: mentor.name, email: mentor.email, role: 'mentor', organizationId: corp.id });
  const p = await t.api('POST', '/api/people', { name: protege.name, email: protege.email, role: 'protege', organizationId: school.id });
  if (m.status !== 201 || p.status !== 201) throw new Error(`setup failed: ${JSON.stringify([m.body, p.body])}`);
  const pair = await t.api('POST', '/api/pairs', { mentorId: m.body.id, protegeId: p.body.id });
  if (pair.status !== 201) throw new Error(`pair failed: ${JSON.stringify(pair.body)}`);
  return { mentor: m.body, protege: p.body, pair: pair.body as { id: number; alias: string; status: string } };
}

/** Waits until `check` returns a truthy value (polling), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T> | T, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits until screening has read message `id`: only then can it be approved (409 not_screened before).
 * Screening runs on idle CPU time only, so while the other test files keep the cores busy it may wait long.
 */
export async function screened(t: TestRelay, id: number, ms = 45_000): Promise<void> {
  await eventually(async () => (await t.api('GET', `/api/messages/${id}`)).body.screenedAt, ms);
}
