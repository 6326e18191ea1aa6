/**
 * Matches non-`>` lines to commands in the order they were sent. A single-line command ends with its
 * SUCCESS:/ERROR: line; a multi-line one (status, version, help) ends with END, or with a lone ERROR:.
 */
export class ManagementCommandError extends Error {
  constructor(
    readonly command: string,
    readonly reply: string,
  ) {
    super(`openvpn management: ${command}: ${reply}`);
    this.name = 'ManagementCommandError';
  }
}

export interface PendingCommand {
  /** verb only ("client-auth", "status"): arguments may carry user input and are not kept */
  verb: string;
  multiline: boolean;
  resolve(lines: string[]): void;
  reject(err: Error): void;
}

export class ReplyMatcher {
  private readonly queue: PendingCommand[] = [];
  private lines: string[] = [];

  push(cmd: PendingCommand): void {
    this.queue.push(cmd);
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Feeds one reply line. Returns false if no command was waiting for it. */
  feed(line: string): boolean {
    const head = this.queue[0];
    if (!head) return false;
    if (!head.multiline || this.lines.length === 0) {
      if (line.startsWith('ERROR:')) {
        this.queue.shift();
        this.lines = [];
        head.reject(new ManagementCommandError(head.verb, line.slice(6).trim()));
        return true;
      }
      if (!head.multiline) {
        this.queue.shift();
        head.resolve([line.startsWith('SUCCESS:') ? line.slice(8).trim() : line]);
        return true;
      }
    }
    if (line === 'END') {
      this.queue.shift();
      const lines = this.lines;
      this.lines = [];
      head.resolve(lines);
      return true;
    }
    this.lines.push(line);
    return true;
  }

  /** The link dropped: every waiting command fails. */
  failAll(err: Error): void {
    const queue = this.queue.splice(0);
    this.lines = [];
    for (const c of queue) c.reject(err);
  }
}
