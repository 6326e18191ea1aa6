/**
 * The shape every controller shares: level-triggered reconciles that never overlap (each one reads the
 * latest desired state), and bursts of changes (a wizard writing a peer and a site) coalesced into one.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private started = false;
  private retryMs = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly pass: () => Promise<void>;

  constructor(
    pass: () => Promise<void>,
    private readonly onError: (err: Error) => void,
    private readonly debounceMs = 100,
    private readonly maxRetryMs = 30_000,
  ) {
    // a failed pass (an engine not ready yet, a command that timed out) is retried with backoff: the
    // desired state must converge without waiting for the next change
    this.pass = async () => {
      try {
        await pass();
        this.retryMs = 0;
      } catch (err) {
        this.retryMs = Math.min(this.retryMs ? this.retryMs * 2 : 1000, this.maxRetryMs);
        if (this.started && !this.retryTimer) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            if (this.started) void this.reconcile().catch(this.onError);
          }, this.retryMs);
          this.retryTimer.unref();
        }
        throw err;
      }
    };
  }

  /** The first pass; a failure is logged and retried, never fatal to the daemon. */
  async start(): Promise<void> {
    this.started = true;
    await this.reconcile().catch(this.onError);
  }

  /** Changes before start() are picked up by start()'s own pass. */
  schedule(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reconcile().catch(this.onError);
    }, this.debounceMs);
  }

  /** Runs a pass after any pass in flight; resolves when this one is done. */
  reconcile(): Promise<void> {
    this.running = this.running.then(this.pass, this.pass);
    return this.running;
  }

  /** No new passes; the one in flight finishes (so the store is not closed under it). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.started = false;
    await this.running.catch(() => undefined);
  }
}
