import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ScreeningJob } from './read.js';
import type { Flag, ScreeningOptions } from './types.js';

export interface ScreenerInit {
  /** The database file: the thread reads the messages itself. */
  dbPath: string;
  domain: string;
  options: ScreeningOptions;
  /** The thread's heap limit: a message that needs more fails screening (and waits for a person), the relay goes on. */
  memoryMb: number;
}
export interface ScreenerRequest {
  seq: number;
  jobs: ScreeningJob[];
}
export type ScreenResult = { id: number; flags: Flag[]; error?: undefined } | { id: number; error: string };
export interface ScreenerReply {
  seq: number;
  results: ScreenResult[];
}

/**
 * Screens messages on a thread of its own (the machine's other core), so that parsing and the detectors
 * never hold up the event loop the SMTP sessions share. A thread that dies (a crash, its memory limit)
 * fails the requests in flight and is started anew for the next one.
 */
export class Screener {
  private thread: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: ScreenResult[]) => void; reject: (err: Error) => void }>();
  private seq = 0;

  constructor(
    private readonly init: ScreenerInit,
    private readonly log: Logger,
  ) {}

  /** Starts the thread ahead of the first message, so that an urgent one does not wait for it. */
  start(): void {
    this.thread ??= this.spawn();
  }

  /** Screens the stored messages the jobs name. */
  screen(jobs: ScreeningJob[]): Promise<ScreenResult[]> {
    const thread = (this.thread ??= this.spawn());
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      thread.postMessage({ seq, jobs } satisfies ScreenerRequest);
    });
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    if (thread) await thread.terminate();
  }

  private spawn(): Worker {
    const thread = new Worker(threadScript(), { workerData: this.init, resourceLimits: { maxOldGenerationSizeMb: this.init.memoryMb, maxYoungGenerationSizeMb: 8 } });
    thread.on('message', ({ seq, results }: ScreenerReply) => {
      this.pending.get(seq)?.resolve(results);
      this.pending.delete(seq);
    });
    thread.on('error', (err) => this.lost(thread, err));
    thread.on('exit', (code) => this.lost(thread, new Error(`the screening thread stopped (exit code ${code})`)));
    return thread;
  }

  private lost(thread: Worker, err: Error): void {
    if (this.thread !== thread) return; // closed on purpose, or already replaced
    this.thread = null;
    this.log.error({ err }, 'screening thread lost; a new one starts with the next message');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * The thread's script. Run from the TypeScript sources (the test runner), this module's sibling is a .ts
 * file Node cannot start, so the thread runs the build of it: `npm test` builds before it tests.
 */
function threadScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL(here.replace(/\/src\/screening\/screener\.ts$/, '/dist/src/screening/screener.thread.js')) : new URL('./screener.thread.js', here);
}
