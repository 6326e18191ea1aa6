/**
 * One process at a time on a data directory: the daemon, or an offline tool such as `corridor key rotate`.
 * Two daemons on one directory both restart the engines and one removes the other's sockets.
 *
 * Node has no flock, but SQLite (better-sqlite3, already a dependency) takes POSIX fcntl locks: an open
 * `BEGIN EXCLUSIVE` on `<dataDir>/daemon.lock` is an exclusive lock that the kernel drops when the holder
 * dies, however it dies (kill -9 included), so there is no stale lock to clean up and no PID to trust.
 * fcntl locks belong to the process and are not inherited: engines the daemon spawns, which outlive it by
 * design, never hold it. The lock file is never deleted (deleting a lock file while another process
 * opens it is how two holders happen).
 *
 * The holder writes its PID beside it (`daemon.pid`) for the refusal message only; the lock itself never
 * depends on that file, so a reused PID can at worst name the wrong process in a message, and the name
 * is checked against /proc before it is shown.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; role: string } | undefined,
  ) {
    super(
      `data directory ${dataDir} is in use by ${holder ? `${holder.role} (PID ${holder.pid})` : 'another corridor process (PID unknown)'}: ` +
        'one daemon per data directory; stop that one first, or give this one its own CORRIDOR_DATA_DIR',
    );
    this.name = 'DataDirBusyError';
  }
}

interface Holder {
  pid: number;
  role: string;
  since: string;
}

export class DataDirLock {
  private constructor(
    private readonly db: SQLite.Database,
    private readonly holderPath: string,
  ) {}

  /** Takes the lock or throws DataDirBusyError naming the holder. `role` is how others will name us. */
  static acquire(dataDir: string, role: string): DataDirLock {
    const db = new SQLite(join(dataDir, 'daemon.lock'), { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirBusyError(dataDir, liveHolder(join(dataDir, 'daemon.pid')));
      throw err;
    }
    const holderPath = join(dataDir, 'daemon.pid');
    const holder: Holder = { pid: process.pid, role, since: new Date().toISOString() };
    const tmp = `${holderPath}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    renameSync(tmp, holderPath);
    return new DataDirLock(db, holderPath);
  }

  release(): void {
    if (!this.db.open) return;
    rmSync(this.holderPath, { force: true });
    this.db.close();
  }
}

function liveHolder(path: string): { pid: number; role: string } | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    // the file may be left from a holder killed with -9; a PID that is gone names nobody
    return Number.isInteger(h.pid) && existsSync(`/proc/${h.pid}`) ? { pid: h.pid, role: String(h.role) } : undefined;
  } catch {
    return undefined;
  }
}
