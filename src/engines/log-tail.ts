/**
 * Follows an engine's log file from a saved offset, so that lines written while the daemon was down are
 * still collected after it comes back. The file is rotated (one old generation) when it grows too big;
 * engines write with O_APPEND, so truncating in place is safe for them.
 */
import { closeSync, copyFileSync, existsSync, fstatSync, openSync, readSync, statSync, truncateSync } from 'node:fs';

export interface LogTailOptions {
  path: string;
  offset: number;
  onLine: (line: string) => void;
  onOffset?: (offset: number) => void;
  pollMs?: number;
  maxBytes?: number;
}

export class LogTail {
  private offset: number;
  private timer: NodeJS.Timeout | null = null;
  private partial = '';

  constructor(private readonly o: LogTailOptions) {
    this.offset = o.offset;
  }

  start(): void {
    this.timer = setInterval(() => this.poll(), this.o.pollMs ?? 250);
    this.timer.unref();
    this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.poll();
  }

  /** Reads everything new; returns the number of lines delivered. */
  poll(): number {
    if (!existsSync(this.o.path)) return 0;
    let size = statSync(this.o.path).size;
    if (size < this.offset) this.offset = 0; // truncated by someone else
    if (size === this.offset) return 0;
    const fd = openSync(this.o.path, 'r');
    let lines = 0;
    try {
      const buf = Buffer.alloc(64 * 1024);
      while (this.offset < size) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, size - this.offset), this.offset);
        if (n <= 0) break;
        this.offset += n;
        const text = this.partial + buf.subarray(0, n).toString('utf8');
        const parts = text.split('\n');
        this.partial = parts.pop() ?? '';
        for (const p of parts) {
          const line = p.replace(/\r$/, '');
          if (line) { this.o.onLine(line); lines++; }
        }
        size = fstatSync(fd).size;
      }
    } finally {
      closeSync(fd);
    }
    if (this.o.maxBytes && this.offset > this.o.maxBytes && !this.partial) {
      copyFileSync(this.o.path, `${this.o.path}.1`);
      truncateSync(this.o.path, 0);
      this.offset = 0;
    }
    this.o.onOffset?.(this.offset);
    return lines;
  }
}
