import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Flag, ScreeningOptions } from '../screening/types.js';
import { BATCH_MESSAGES } from './batch.js';

export interface ScreenerInit {
  /** The database file: the thread reads the messages itself. */
  dbPath: string;
  domain: string;
  options: ScreeningOptions;
  /** The thread's heap limit: a message that needs more fails screening (and waits for a person), the relay goes on. */
  memoryMb: number;
}
/** Screen the next batch, or the messages of `ids` that are still unscreened. */
export interface ScreenerRequest {
  seq: number;
  ids?: number[];
}
interface About {
  id: number;
  status: string;
  trusted: boolean;
}
export type ScreenResult = (About & { flags: Flag[]; error?: undefined }) | (Partial<About> & { id: number; error: string });
/**
 * What the thread found in the batch, or why it could not pick one (the database could not be read); or,
 * outside any batch, a notice for the log.
 */
export type ScreenerReply =
  | { seq: number; results: ScreenResult[]; more: boolean; failed?: undefined; notice?: undefined }
  | { seq: number; failed: string; results?: undefined; notice?: undefined }
  | { notice: string; seq?: undefined };

/** A batch's results, and whether more messages wait to be screened than a batch could take. */
export interface Screening {
  results: ScreenResult[];
  more: boolean;
}

/** The thread stopped while screening a batch; `picked` names the batch's messages (none when it died before picking). */
export class ScreeningThreadLost extends Error {
  constructor(
    message: string,
    readonly picked: number[],
  ) {
    super(message);
  }
}

/**
 * Screens messages on a thread of its own (the machine's other core), so that parsing and the detectors
 * never hold up the event loop the SMTP sessions share. A thread that dies (a crash, its memory limit)
 * fails the requests in flight and is started anew for the next one.
 */
export class Screener {
  private thread: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: Screening) => void; reject: (err: Error) => void }>();
  /**
   * The batch the thread is screening, [count, ...message ids], in memory both threads share: written
   * before it screens, so that when it dies on the batch this thread still knows which messages it held.
   */
  private readonly picked = new Int32Array(new SharedArrayBuffer(4 * (BATCH_MESSAGES + 1)));
  private seq = 0;

  constructor(
    private readonly init: ScreenerInit,
    private readonly log: Logger,
  ) {}

  /** Starts the thread ahead of the first message, so that an urgent one does not wait for it. */
  start(): void {
    this.thread ??= this.spawn();
  }

  /** Screens the next batch of stored messages (or those of `ids`); no results: nothing to screen. */
  screen(ids?: number[]): Promise<Screening> {
    const thread = (this.thread ??= this.spawn());
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      thread.postMessage({ seq, ...(ids ? { ids } : {}) } satisfies ScreenerRequest);
    });
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    if (thread) await thread.terminate();
  }

  private spawn(): Worker {
    Atomics.store(this.picked, 0, 0);
    // A young generation of 16 MB: each message read leaves a few hundred KB of short-lived strings, and
    // at 8 MB the thread spent twice as long collecting them (peak RSS the same).
    const resourceLimits = { maxOldGenerationSizeMb: this.init.memoryMb, maxYoungGenerationSizeMb: 16 };
    const thread = new Worker(threadScript(), { workerData: { ...this.init, picked: this.picked }, resourceLimits });
    thread.on('message', (reply: ScreenerReply) => {
      if (reply.notice !== undefined) {
        this.log.warn(reply.notice);
        return;
      }
      const request = this.pending.get(reply.seq);
      if (!request) return;
      this.pending.delete(reply.seq);
      if (reply.failed !== undefined) request.reject(new Error(`screening could not read its batch: ${reply.failed}`));
      else request.resolve({ results: reply.results, more: reply.more });
    });
    thread.on('error', (err) => this.lost(thread, err));
    thread.on('exit', (code) => this.lost(thread, new Error(`the screening thread stopped (exit code ${code})`)));
    return thread;
  }

  private lost(thread: Worker, err: Error): void {
    if (this.thread !== thread) return; // closed on purpose, or already replaced
    this.thread = null;
    this.log.error({ err }, 'screening thread lost; a new one starts with the next message');
    const picked = [...this.picked.subarray(1, 1 + Atomics.load(this.picked, 0))];
    for (const p of this.pending.values()) p.reject(new ScreeningThreadLost(err.message, picked));
    this.pending.clear();
  }
}

/**
 * The thread's script. Run from the TypeScript sources (the test runner), this module's sibling is a .ts
 * file Node cannot start, so the thread runs the build of it: `npm test` builds before it tests.
 */
function threadScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL(here.replace(/\/src\/moderation\/screener\.ts$/, '/dist/src/moderation/screener.thread.js')) : new URL('./screener.thread.js', here);
}
