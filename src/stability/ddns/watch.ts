/**
 * Wakes the publisher as soon as an interface address changes, instead of at its next poll: one
 * `ip monitor address` per network namespace that has DDNS links (netlink events, no polling). The poll
 * stays as the safety net (a watcher that died, an address behind NAT that only the probe sees change).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inNamespace } from '../../net/exec.js';

/** `undefined` is the daemon's own namespace; Map keys need a string for it. */
const HOST = '';

export class AddressWatcher {
  private readonly children = new Map<string, ChildProcess>();
  private closed = false;

  constructor(private readonly onChange: () => void) {}

  /** Watch exactly these namespaces: new ones are started, dropped ones stopped. */
  watch(namespaces: ReadonlyArray<string | undefined>): void {
    if (this.closed) return;
    const want = new Set(namespaces.map((n) => n ?? HOST));
    for (const [ns, child] of this.children) if (!want.has(ns)) this.kill(ns, child);
    for (const ns of want) if (!this.children.has(ns)) this.start(ns);
  }

  private start(ns: string): void {
    const [cmd, ...args] = inNamespace(ns === HOST ? undefined : ns, ['ip', 'monitor', 'address']);
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout!.on('data', () => this.onChange());
    child.on('error', () => this.children.delete(ns));
    // a watcher that ends (namespace deleted) is started again by the next watch() of a pass
    child.on('exit', () => {
      if (this.children.get(ns) === child) this.children.delete(ns);
    });
    this.children.set(ns, child);
  }

  private kill(ns: string, child: ChildProcess): void {
    this.children.delete(ns);
    child.kill('SIGTERM');
  }

  close(): void {
    this.closed = true;
    for (const [ns, child] of this.children) this.kill(ns, child);
  }
}
