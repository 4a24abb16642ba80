// Ingest benchmark: N messages over 20 kept SMTP connections into the relay doing its full work
// (parse, identify, archive, hold, commit before 250, screening after), into the relay without
// screening, and into a bare smtp-server that accepts and discards, measured in the same run. Prints
// messages/second, the ratios, what screening adds (counted until the last 250, and until screening
// has read the last message), and the relay's peak RSS, also while a 25 MB message arrives.
// Usage: npm run bench [-- --quick]
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SmtpClient, message } from '../test/helpers/smtp-client.js';

const quick = process.argv.includes('--quick');
const CONNECTIONS = 20;
const serverScript = fileURLToPath(new URL('./server.js', import.meta.url));

interface Server {
  child: ChildProcess;
  port: number;
  alias: string;
  dir?: string;
}

async function startServer(mode: 'relay' | 'bare', synchronous = 'FULL', screening = 'screen'): Promise<Server> {
  const child = fork(serverScript, [mode, synchronous, screening], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise<{ port: number; alias?: string; dir?: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { child, port: info.port, alias: info.alias ?? 'anyone@relay.test', dir: info.dir };
}

async function peakRss(server: Server): Promise<number> {
  server.child.send('rss');
  const m = await new Promise<{ rss: number }>((resolve) => server.child.once('message', (x) => resolve(x as { rss: number })));
  return m.rss;
}

/** Waits until screening has read every message; resolves at once for a server that does not screen. */
async function screeningDone(server: Server): Promise<void> {
  for (;;) {
    server.child.send('unscreened');
    const m = await new Promise<{ unscreened: number }>((resolve) => server.child.once('message', (x) => resolve(x as { unscreened: number })));
    if (!m.unscreened) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function stopServer(server: Server): void {
  server.child.kill('SIGKILL');
  if (server.dir) rmSync(server.dir, { recursive: true, force: true });
}

/** A message of about `bytes` bytes, from the pair's mentor. */
function sized(bytes: number, i: number): Buffer {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n';
  const body = line.repeat(Math.max(1, Math.ceil((bytes - 300) / line.length)));
  return message({ from: 'Morgan <morgan@corp.example>', subject: `Benchmark ${i}`, messageId: `bench-${i}@corp.example`, body });
}

/**
 * Sends `total` messages over CONNECTIONS kept connections; returns messages per second, counted until
 * the last 250 and, when the server screens, until screening has read the last message too.
 */
async function load(server: Server, total: number, bytes: number): Promise<{ accepted: number; screened: number }> {
  const payloads = Array.from({ length: 8 }, (_, i) => sized(bytes, i));
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = await SmtpClient.connect(server.port); // each new connection waits 100 ms for its greeting
      await c.command('EHLO bench.test');
      return c;
    }),
  );
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c) => {
      while (next < total) {
        const i = next++;
        const reply = await c.send('morgan@corp.example', [server.alias], payloads[i % payloads.length]!);
        if (!reply.startsWith('250')) throw new Error(`message ${i}: ${reply}`);
      }
    }),
  );
  const accepted = Number(process.hrtime.bigint() - started) / 1e9;
  await screeningDone(server);
  const screened = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(clients.map((c) => c.quit()));
  return { accepted: total / accepted, screened: total / screened };
}

const fmt = (n: number) => n.toFixed(0).padStart(7);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

const sizes = [
  { label: '2 KB', bytes: 2 * 1024, total: quick ? 1000 : 6000 },
  { label: '100 KB', bytes: 100 * 1024, total: quick ? 200 : 1500 },
];

const ROUNDS = quick ? 1 : 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percent = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x * 100).toFixed(0)}%`;

console.log(`ingest benchmark: ${CONNECTIONS} kept connections, node ${process.version}, medians of ${ROUNDS} interleaved round(s)`);
console.log('size     bare msg/s  relay FULL msg/s (ratio)  relay NORMAL msg/s (ratio)  FULL without screening  screening adds to the time per message');
for (const size of sizes) {
  type Rate = { accepted: number; screened: number };
  const runs: Record<'bare' | 'full' | 'normal' | 'unscreened', Rate[]> = { bare: [], full: [], normal: [], unscreened: [] };
  // The variants take turns, round after round: a noisy minute on a shared machine hits all of them. Every
  // other round runs them in reverse, so that none always follows the same one (a run leaves the disk
  // busy writing back and deleting its database for a while).
  const variants = [
    ['bare', 'bare', 'FULL', 'screen'],
    ['full', 'relay', 'FULL', 'screen'],
    ['normal', 'relay', 'NORMAL', 'screen'],
    ['unscreened', 'relay', 'FULL', 'noscreen'],
  ] as const;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, mode, sync, screening] of round % 2 === 0 ? variants : [...variants].reverse()) {
      const server = await startServer(mode, sync, screening);
      try {
        await load(server, Math.min(200, size.total), size.bytes); // warm-up
        runs[name].push(await load(server, size.total, size.bytes));
      } finally {
        stopServer(server);
      }
    }
  }
  const m = (name: keyof typeof runs, key: keyof Rate = 'accepted') => median(runs[name].map((r) => r[key]));
  // What screening adds, per round (the unscreened relay against the screening one of the same round).
  const adds = (key: keyof Rate) => runs.full.map((r, i) => runs.unscreened[i]!.accepted / r[key] - 1);
  const spread = (xs: number[]) => (xs.length > 1 ? ` (${percent(Math.min(...xs))} to ${percent(Math.max(...xs))})` : '');
  console.log(
    `${size.label.padEnd(8)} ${fmt(m('bare'))}     ${fmt(m('full'))} (${(m('full') / m('bare')).toFixed(2)})        ${fmt(m('normal'))} (${(m('normal') / m('bare')).toFixed(2)})          ${fmt(m('unscreened'))}                 ` +
      `${percent(median(adds('accepted')))}${spread(adds('accepted'))} until the last 250, ${percent(median(adds('screened')))}${spread(adds('screened'))} until the last is screened`,
  );
}

// Peak memory: the relay after a 2 KB run, and while one 25 MB message arrives.
const server = await startServer('relay', 'FULL');
try {
  await load(server, quick ? 500 : 3000, 2 * 1024);
  const afterSmall = await peakRss(server);
  await load(server, 1, 25 * 1024 * 1024 - 4096);
  const afterLarge = await peakRss(server);
  console.log(`relay peak RSS: ${mb(afterSmall)} after the 2 KB run, ${mb(afterLarge)} after a 25 MB message`);
} finally {
  stopServer(server);
}
