// The screening thread: reads the messages the main thread names from the database (a read-only
// connection of its own), screens them, and answers with their flags. A slow or hostile message costs
// this thread's time and memory, never the SMTP sessions', and its bytes never pass through them.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import { compileRules } from './keywords.js';
import { readArchiveHeads } from '../messages/archive.js';
import { HEAD_PARTS, screenStored } from './read.js';
import type { ScreenerInit, ScreenerReply, ScreenerRequest } from './screener.js';

const { dbPath, domain, options } = workerData as ScreenerInit;
const rules = compileRules(options.keywords);
const { db } = openDatabase(dbPath, { readonly: true });
const port = parentPort!;

port.on('message', async ({ seq, jobs }: ScreenerRequest) => {
  const results: ScreenerReply['results'] = [];
  // Most messages are read whole by this one query: screening needs only their first parts.
  const heads = await readArchiveHeads(db, jobs.map((j) => j.archiveId), HEAD_PARTS).catch(() => new Map<number, Buffer[]>());
  for (const job of jobs) {
    try {
      const head = heads.get(job.archiveId);
      heads.delete(job.archiveId);
      results.push({ id: job.id, flags: await screenStored(db, job, domain, options, rules, head) });
    } catch (err) {
      results.push({ id: job.id, error: (err as Error).message });
    }
  }
  port.postMessage({ seq, results } satisfies ScreenerReply);
});
