import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { ADMIN_TOKEN, DOMAIN, MENTOR, removeDir, setupPair, startTestRelay, type TestRelay } from '../helpers/relay.js';
import { SmtpClient, message } from '../helpers/smtp-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = path.join(root, 'dist/src/main.js');

let child: ChildProcess | null = null;
let dir = '';

afterEach(() => {
  child?.kill('SIGKILL');
  if (dir) removeDir(dir);
});

/** Starts the built relay as its own process, as `npm start` does; resolves with its ports. */
function spawnRelay(dataDir: string): Promise<{ smtpPort: number; httpPort: number }> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does)`);
  child = spawn(process.execPath, [entry], {
    cwd: dataDir,
    env: {
      ...process.env,
      RELAY_DB: path.join(dataDir, 'relay.db'),
      RELAY_SMTP_PORT: '0',
      RELAY_HTTP_PORT: '0',
      RELAY_DOMAIN: DOMAIN,
      RELAY_ADMIN_TOKEN: ADMIN_TOKEN,
      RELAY_OUTBOUND: `file://${path.join(dataDir, 'outbox')}`,
      RELAY_LOG_LEVEL: 'warn',
      // No look-ups to the system's resolver from a test.
      RELAY_SENDER_AUTH: 'off',
      RELAY_REQUIRE_ONBOARDING: 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child!.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /SMTP on [\d.]+:(\d+), HTTP on http:\/\/[\d.]+:(\d+)/.exec(err);
      if (m) resolve({ smtpPort: Number(m[1]), httpPort: Number(m[2]) });
    });
    child!.once('exit', (code) => reject(new Error(`relay exited (${code}): ${err}`)));
  });
}

it('keeps every message it answered 250 for when killed with SIGKILL in the middle of a burst', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'relay-crash-'));
  const { smtpPort, httpPort } = await spawnRelay(dir);
  const api = (method: string, url: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${httpPort}${url}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const { pair } = await setupPair({ api } as unknown as TestRelay);

  // 10 kept connections sending as fast as they can; the relay is killed once 150 are accepted.
  const accepted = new Map<number, string>();
  let kill: () => void;
  const killed = new Promise<void>((resolve) => (kill = resolve));
  const senders = Array.from({ length: 10 }, async (_, c) => {
    const client = await SmtpClient.connect(smtpPort);
    await client.command('EHLO burst.test');
    for (let i = 0; ; i++) {
      const raw = message({ from: MENTOR.email, subject: `burst ${c}-${i}`, body: `message ${c}-${i} `.repeat(100) });
      let reply: string;
      try {
        reply = await client.send(MENTOR.email, [pair.alias], raw);
      } catch {
        return; // the connection died with the relay
      }
      const m = /^250 2\.0\.0 Held for review as message (\d+)$/.exec(reply);
      if (!m) return;
      accepted.set(Number(m[1]), createHash('sha256').update(raw).digest('hex'));
      if (accepted.size >= 150) kill();
    }
  });
  await killed;
  child!.kill('SIGKILL');
  await Promise.race([Promise.all(senders), new Promise((r) => setTimeout(r, 25_000))]);
  expect(accepted.size).toBeGreaterThanOrEqual(150);

  // Restart on the same database: every 250'd message is there, held, byte-exact.
  const t = await startTestRelay({}, dir);
  try {
    const rows = await t.relay.services.db
      .selectFrom('messages as m')
      .innerJoin('message_archive as a', 'a.id', 'm.archive_id')
      .select(['m.id', 'm.status', 'a.sha256'])
      .execute();
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const [id, sha] of accepted) {
      expect(stored.get(id), `message ${id}`).toMatchObject({ status: 'held', sha256: sha });
    }
  } finally {
    await t.stop();
  }
});
