/**
 * Group commit, as mail servers do it: items submitted while a commit is running wait and then share
 * the next transaction, so many concurrent SMTP sessions pay for one durable commit instead of one
 * each. Each submitter's promise settles only after the transaction holding its item has committed
 * (or failed: then every item of that batch fails, and nothing of it was written).
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Wait for the event loop's next turn: the sessions whose data arrived in the same I/O
        // phase join this batch. SQLite calls are synchronous, so nothing could join during a commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.commit(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.running = false;
  }
}
