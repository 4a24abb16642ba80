import type { Logger } from 'pino';

/**
 * A background loop over a database queue: it runs `pass()` until that reports no more work, then
 * sleeps `pollMs`, and `kick()` wakes it at once (after a commit that queued work). One pass at a
 * time; `stop()` waits for the pass in flight.
 */
export abstract class PollingWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private again = false;
  private soon = false;

  protected constructor(
    protected readonly log: Logger,
    private readonly pollMs: number,
    private readonly name: string,
    /** A kick waits this long, so that the work of several kicks is done in one pass. */
    private readonly kickDelayMs = 0,
  ) {}

  /** Does one batch of work; resolves true when there may be more right away. */
  protected abstract pass(): Promise<boolean>;

  start(): void {
    this.stopped = false;
    this.run();
  }

  /** Looks at the queue now (or in kickDelayMs) instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.kickDelayMs > 0) {
      if (this.soon) return; // a pass is already due within kickDelayMs
      if (this.timer) clearTimeout(this.timer);
      this.soon = true;
      this.timer = setTimeout(() => this.run(), this.kickDelayMs);
      return;
    }
    this.run();
  }

  private run(): void {
    if (this.stopped || this.running) return;
    this.soon = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain()
      .catch((err) => this.log.error({ err }, `${this.name} pass failed`))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.run(), this.pollMs);
        }
      });
  }

  /** Stops taking work and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.soon = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.pass()));
  }
}
