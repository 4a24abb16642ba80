// The screening thread: picks the next messages to screen from the database (a read-only connection
// of its own), reads and screens them, and answers with their flags; the main thread stores them. A slow
// or hostile message costs this thread's time and memory, never the SMTP sessions', and its bytes never
// pass through them.
import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { readArchiveHeads } from '../messages/archive.js';
import { compileRules } from '../screening/keywords.js';
import { senderFlags } from '../screening/sender.js';
import { pickBatch } from './batch.js';
import { HEAD_PARTS, screenStored } from './read-message.js';
import type { ScreenerInit, ScreenerReply, ScreenerRequest, ScreenResult } from './screener.js';

const { dbPath, domain, options, picked } = workerData as ScreenerInit & { picked: Int32Array };

// The lowest CPU priority there is, for this thread only (Linux schedules each thread on its own):
// SCHED_IDLE runs it only on time no other thread wants, and an SMTP session that wakes takes the core
// from it at once. Nice 19 alone is not enough: the scheduler lets even a nice 19 thread finish a short
// slice while the event loop waits (on a busy 2-core machine that made accepting mail 10 % slower).
// Messages wait held until they are screened, so screening late never forwards anything unscreened;
// under a burst that saturates the machine it catches up when the burst ends. The policy is set with
// util-linux's chrt (Node has no call for it); where that fails, the thread runs at nice 19, and where
// that is refused too, at the relay's priority.
const SCREENING_NICE = 19;
try {
  setPriority(SCREENING_NICE);
} catch {
  // Not permitted here: screening still runs, only without yielding to the SMTP sessions.
}
try {
  const tid = readlinkSync('/proc/thread-self').split('/').pop()!;
  execFile('chrt', ['--idle', '--pid', '0', tid], (err) => {
    if (err) parentPort!.postMessage({ notice: `screening runs at nice ${SCREENING_NICE}, not SCHED_IDLE (chrt: ${err.message.trim()})` } satisfies ScreenerReply);
  });
} catch (err) {
  parentPort!.postMessage({ notice: `screening runs at nice ${SCREENING_NICE}, not SCHED_IDLE (${(err as Error).message})` } satisfies ScreenerReply);
}
const rules = compileRules(options.keywords);
const { db } = openDatabase(dbPath, { readonly: true });
const port = parentPort!;

port.on('message', async ({ seq, ids }: ScreenerRequest) => {
  let batch;
  let more;
  try {
    ({ batch, more } = await pickBatch(db, domain, ids));
  } catch (err) {
    port.postMessage({ seq, failed: (err as Error).message } satisfies ScreenerReply);
    return;
  }
  // Written where the main thread reads it even after this thread died on the batch: [count, ...ids].
  batch.forEach((m, i) => (picked[i + 1] = m.id));
  Atomics.store(picked, 0, batch.length);
  const results: ScreenResult[] = [];
  // Most messages are read whole by this one query: screening needs only their first parts.
  const heads = await readArchiveHeads(db, batch.map((m) => m.archiveId), HEAD_PARTS).catch(() => new Map<number, Buffer[]>());
  for (const m of batch) {
    const about = { id: m.id, status: m.status, trusted: m.trusted };
    try {
      const head = heads.get(m.archiveId);
      heads.delete(m.archiveId);
      results.push({ ...about, flags: [...(await screenStored(db, m, domain, options, rules, head)), ...senderFlags(m.senderAuth)] });
    } catch (err) {
      results.push({ ...about, error: (err as Error).message });
    }
  }
  Atomics.store(picked, 0, 0);
  port.postMessage({ seq, results, more } satisfies ScreenerReply);
});
