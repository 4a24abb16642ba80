// The screening thread: reads and screens the messages the main thread sends it, and answers with their
// flags. It shares nothing with the main thread but these messages, so a slow or hostile message costs
// this thread's time and memory, never the SMTP sessions'.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRules } from './keywords.js';
import { screenRaw } from './read.js';
import type { ScreenerInit, ScreenerReply, ScreenerRequest } from './screener.js';

const { domain, options } = workerData as ScreenerInit;
const rules = compileRules(options.keywords);
const port = parentPort!;

port.on('message', async ({ seq, jobs }: ScreenerRequest) => {
  const results: ScreenerReply['results'] = [];
  for (const job of jobs) {
    try {
      results.push({ id: job.id, flags: await screenRaw(job, domain, options, rules) });
    } catch (err) {
      results.push({ id: job.id, error: (err as Error).message });
    }
  }
  port.postMessage({ seq, results } satisfies ScreenerReply);
});
