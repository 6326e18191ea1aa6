/**
 * The shape every controller shares: level-triggered reconciles that never overlap (each one reads the
 * latest desired state), and bursts of changes (a wizard writing a peer and a site) coalesced into one.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private started = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (err: Error) => void,
    private readonly debounceMs = 100,
  ) {}

  async start(): Promise<void> {
    this.started = true;
    await this.reconcile();
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
    this.started = false;
    await this.running.catch(() => undefined);
  }
}
