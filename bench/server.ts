// The server side of the ingest benchmark, in a process of its own so that the load generator does
// not share its event loop. argv: relay|bare [FULL|NORMAL] [screen|noscreen]. Sends its port when listening;
// answers 'rss' (peak RSS) and 'unscreened' (messages screening has yet to read).
import { mkdtempSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startRelay } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log.js';

const [mode, synchronous = 'FULL', screening = 'screen'] = process.argv.slice(2);

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}
let unscreened: () => Promise<number> = async () => 0;
process.on('message', (msg) => {
  if (msg === 'rss') process.send!({ rss: peakRss() });
  if (msg === 'unscreened') void unscreened().then((count) => process.send!({ unscreened: count }));
  if (msg === 'exit') process.exit(0);
});

if (mode === 'bare') {
  // Accepts and discards: the ceiling smtp-server itself sets on this machine.
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 30 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => callback(null, 'discarded'));
    },
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.server.address() as AddressInfo).port }));
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'relay-bench-'));
  const config = loadConfig({
    cwd: dir,
    env: {},
    overrides: {
      domain: 'relay.test',
      logLevel: 'silent',
      requireOnboarding: false,
      db: { path: path.join(dir, 'relay.db'), synchronous: synchronous as 'FULL' | 'NORMAL' },
      smtp: { host: '127.0.0.1', port: 0, maxClients: 100 },
      http: { host: '127.0.0.1', port: 0 },
      screening: { enabled: screening === 'screen' },
      // The benchmark measures the relay's own work; sender authentication would send DNS queries
      // off the machine for every message.
      senderAuth: { mode: 'off' },
    },
  });
  const relay = await startRelay(config, createLogger('silent'));
  const { program, db } = relay.services;
  if (screening === 'screen') unscreened = async () => Number((await db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('screened_at', 'is', null).executeTakeFirstOrThrow()).n);
  const mentor = await program.createPerson({ name: 'Morgan', email: 'morgan@corp.example', role: 'mentor' });
  const protege = await program.createPerson({ name: 'Pat', email: 'pat@school.example', role: 'protege' });
  const pair = await program.createPair({ mentorId: mentor.id, protegeId: protege.id });
  process.send!({ port: relay.smtpPort, alias: pair.alias, dir });
}
