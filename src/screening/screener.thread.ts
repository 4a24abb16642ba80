// The screening thread: picks the next messages to screen from the database (a read-only connection
// of its own), reads and screens them, and answers with their flags; the main thread stores them. A slow
// or hostile message costs this thread's time and memory, never the SMTP sessions', and its bytes never
// pass through them.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { readArchiveHeads } from '../messages/archive.js';
import { compileRules } from './keywords.js';
import { HEAD_PARTS, pickBatch, screenStored } from './read.js';
import type { ScreenerInit, ScreenerReply, ScreenerRequest, ScreenResult } from './screener.js';

const { dbPath, domain, options, picked } = workerData as ScreenerInit & { picked: Int32Array };

// The lowest CPU priority, for this thread only (Linux gives each thread its own nice value): when
// both cores are busy, accepting mail goes first and screening takes the time left over. Messages wait
// held until they are screened, so screening late never forwards anything unscreened; under a burst
// that saturates the machine it catches up when the burst ends. Where the system refuses, it runs at
// the relay's priority.
const SCREENING_NICE = 19;
try {
  setPriority(SCREENING_NICE);
} catch {
  // Not permitted here: screening still runs, only without yielding to the SMTP sessions.
}
const rules = compileRules(options.keywords);
const { db } = openDatabase(dbPath, { readonly: true });
const port = parentPort!;

port.on('message', async ({ seq, ids }: ScreenerRequest) => {
  let batch;
  try {
    batch = await pickBatch(db, domain, ids);
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
      results.push({ ...about, flags: await screenStored(db, m, domain, options, rules, head) });
    } catch (err) {
      results.push({ ...about, error: (err as Error).message });
    }
  }
  Atomics.store(picked, 0, 0);
  port.postMessage({ seq, results } satisfies ScreenerReply);
});
