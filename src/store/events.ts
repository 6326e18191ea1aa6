/**
 * Stored events (sessions, lockouts, tunnel state changes) and engine log lines. Both are bounded:
 * old rows are pruned so that a chatty engine (DPD every 2 s) cannot fill the disk.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { EventInput, EventSink } from '../engines/types.js';
import { redact } from './audit.js';

export interface StoredEvent extends Required<Omit<EventInput, 'detail' | 'subject'>> {
  id: number;
  at: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

export interface EventQuery {
  kind?: string;
  subject?: string;
  source?: string;
  since?: string;
  afterId?: number;
  limit?: number;
}

type Listener = (e: StoredEvent) => void;

/** User text in a LIKE pattern is literal: % and _ are escaped, and ESCAPE makes that work on SQLite too. */
function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

/** Ignores case on both databases: SQLite's LIKE does for ASCII, PostgreSQL's does not, so both compare lower(). */
function like(column: string, pattern: string) {
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
}

/**
 * Writes are queued and flushed in order so that callers on hot paths (the OpenVPN authoriser) never
 * wait for the database; listeners (the live SSE feed) see each event once it is stored.
 */
export class EventStore implements EventSink {
  private queue: Array<{ at: string; e: EventInput }> = [];
  private flushing: Promise<void> | null = null;
  private listeners = new Set<Listener>();
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxRows = 200_000,
  ) {}

  record(e: EventInput): void {
    // engines may still report while the daemon shuts down; the database is gone by then
    if (this.closed) return;
    this.queue.push({ at: new Date().toISOString(), e });
    if (!this.flushing) this.flushing = this.flush().finally(() => (this.flushing = null));
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Resolves once everything recorded so far is stored. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Stores what is queued, then ignores further records. */
  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private async flush(): Promise<void> {
    let written = 0;
    while (this.queue.length) {
      const { at, e } = this.queue.shift()!;
      const detail = e.detail ? (redact(e.detail) as Record<string, unknown>) : null;
      const row = await this.db
        .insertInto('events')
        .values({ at, kind: e.kind, source: e.source, subject: e.subject ?? null, severity: e.severity ?? 'info', detail: detail ? JSON.stringify(detail) : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      written++;
      const stored: StoredEvent = { id: Number(row.id), at, kind: e.kind, source: e.source, subject: e.subject ?? null, severity: e.severity ?? 'info', detail };
      for (const l of this.listeners) l(stored);
    }
    if (written) await this.prune();
  }

  private async prune(): Promise<void> {
    const newest = await this.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    const max = Number(newest?.max ?? 0);
    if (max > this.maxRows) await this.db.deleteFrom('events').where('id', '<=', max - this.maxRows).execute();
  }

  async query(q: EventQuery): Promise<StoredEvent[]> {
    let sel = this.db.selectFrom('events').selectAll().orderBy('id', 'desc').limit(Math.min(q.limit ?? 100, 1000));
    if (q.kind) sel = q.kind.endsWith('.') ? sel.where(like('kind', `${escapeLike(q.kind)}%`)) : sel.where('kind', '=', q.kind);
    if (q.subject) sel = sel.where('subject', '=', q.subject);
    if (q.source) sel = sel.where('source', '=', q.source);
    if (q.since) sel = sel.where('at', '>=', q.since);
    if (q.afterId !== undefined) sel = sel.where('id', '>', q.afterId);
    const rows = await sel.execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), severity: r.severity as StoredEvent['severity'], detail: r.detail ? JSON.parse(r.detail) : null }));
  }
}

export interface LogQuery {
  instance?: string;
  connection?: string;
  contains?: string;
  limit?: number;
  beforeId?: number;
}

/** Engine log lines, per instance and per connection, keeping the newest `maxPerInstance` of each instance. */
export class EngineLogStore {
  private pending: Array<{ at: string; instance: string; connection: string | null; line: string }> = [];
  private timer: NodeJS.Timeout | null = null;
  private writes = 0;
  private closed = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxPerInstance = 50_000,
  ) {}

  append(instance: string, line: string, connection?: string): void {
    if (this.closed) return;
    this.pending.push({ at: new Date().toISOString(), instance, connection: connection ?? null, line: line.slice(0, 4000) });
    // batch inserts: log bursts (an IKE exchange prints ~20 lines) become one statement
    this.timer ??= setTimeout(() => void this.flush(), 200);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.pending.length) {
      const batch = this.pending.splice(0, 500);
      await this.db.insertInto('engine_logs').values(batch).execute();
      this.writes += batch.length;
    }
    if (this.writes > 5000) {
      this.writes = 0;
      await this.prune();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private async prune(): Promise<void> {
    const instances = await this.db.selectFrom('engine_logs').select('instance').distinct().execute();
    for (const { instance } of instances) {
      const cut = await this.db.selectFrom('engine_logs').select('id').where('instance', '=', instance).orderBy('id', 'desc').offset(this.maxPerInstance).limit(1).executeTakeFirst();
      if (cut) await this.db.deleteFrom('engine_logs').where('instance', '=', instance).where('id', '<=', cut.id).execute();
    }
  }

  async query(q: LogQuery) {
    await this.flush();
    let sel = this.db.selectFrom('engine_logs').selectAll().orderBy('id', 'desc').limit(Math.min(q.limit ?? 500, 10_000));
    if (q.instance) sel = sel.where('instance', '=', q.instance);
    if (q.connection) sel = sel.where('connection', '=', q.connection);
    if (q.contains) sel = sel.where(like('line', `%${escapeLike(q.contains)}%`));
    if (q.beforeId !== undefined) sel = sel.where('id', '<', q.beforeId);
    const rows = await sel.execute();
    return rows.reverse().map((r) => ({ ...r, id: Number(r.id) }));
  }
}
