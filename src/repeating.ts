import type { Logger } from 'pino';

/**
 * A check run every `everyMs` in the background: the timer never keeps the process alive, and a
 * failure is logged, never thrown (the next run tries again).
 */
export class Repeating {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly what: string,
    private readonly log: Logger,
    private readonly run: () => Promise<unknown>,
  ) {}

  /** Runs once now and resolves when done, then every `everyMs`. */
  async startNow(everyMs: number): Promise<void> {
    await this.runLogged();
    this.start(everyMs);
  }

  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.runLogged(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async runLogged(): Promise<void> {
    try {
      await this.run();
    } catch (err) {
      this.log.error({ err }, `${this.what} failed`);
    }
  }
}
