// The PostgreSQL store engine (team mode). The core reads synchronously, so reads are answered by an in-memory
// sql.js Store (the working set, loaded from PostgreSQL at open); every write applies there at once and is queued
// as the equivalent PostgreSQL statements, sent write-behind in one transaction per batch (like the sql.js
// engine's debounced save). Rows are keyed by machine, so many publishers share one database safely.
import { Pool } from 'pg';
import type { Agent, Learning, LogEntry, LokiEvent, Session, SessionSummary, Task, TaskStatus } from '../domain';
import type { Logger } from '../logger';
import { loadMachine } from './pgLoad';
import { migratePgStore } from './pgSchema';
import { pgWrites } from './pgWrites';
import type { PgStatement } from './pgWrites';
import { Store } from './store';
import type { LogQuery, StoreApi, StoredProject, TaskMove } from './storeApi';

/** How to open the PostgreSQL store. */
export interface PgStoreOptions {
  /** `postgresql://user@host/db`. */
  url: string;
  /** This publisher's name; every row it writes carries it, and it reads back only its own rows. */
  machine: string;
  log: Logger;
  /** Path of `sql-wasm.wasm` for the in-memory working set. */
  wasmPath?: string;
  /** Debounce of the write-behind batch. Default 500 ms. */
  saveDelayMs?: number;
  /** Log lines (and runner events) kept per project. Default 50,000. */
  logRetention?: number;
  now?: () => number;
  /** Called after each committed batch with its statement count (tests count batches with it). */
  onSaved?: (statements: number) => void;
}

const RETRY_MS = 5000;

/** PostgreSQL store: a synchronous in-memory working set with write-behind batches to PostgreSQL. */
export class PgStore implements StoreApi {
  readonly persistent = true;
  private pending: PgStatement[] = [];
  private readonly trimmed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failing = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private pinned: number | undefined;
  private retention: number;
  private readonly now: () => number;
  private cache!: Store;

  private constructor(private readonly pool: Pool, private readonly opts: PgStoreOptions) {
    this.retention = Math.max(1, opts.logRetention ?? 50_000);
    this.now = opts.now ?? Date.now;
  }

  /** Connects, migrates and loads this machine's rows. Rejects (with the pool closed) when the database is unusable. */
  static async open(opts: PgStoreOptions): Promise<PgStore> {
    const pool = new Pool({ connectionString: opts.url, max: 2 });
    pool.on('error', err => opts.log.warn(`Store: PostgreSQL connection lost: ${err.message}`));
    const store = new PgStore(pool, opts);
    try {
      store.cache = await Store.open({ file: null, log: opts.log, wasmPath: opts.wasmPath, logRetention: store.retention, now: () => store.pinned ?? store.now() });
      const client = await pool.connect();
      try {
        await migratePgStore(client);
      } finally {
        client.release();
      }
      const rows = await loadMachine(pool, opts.machine, store.cache, (at, fn) => store.pin(at, fn));
      opts.log.info(`Store: PostgreSQL store for ${opts.machine}: ${rows} row(s) loaded`);
      return store;
    } catch (err) {
      await store.cache?.close();
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  private pin(at: number, fn: () => void): void {
    this.pinned = at;
    try {
      fn();
    } finally {
      this.pinned = undefined;
    }
  }

  /** Applies a write to the working set and queues its statements for the next batch. */
  private write(statements: PgStatement[], trimProjects: string[] = []): void {
    if (this.closed) return;
    this.pending.push(...statements);
    for (const p of trimProjects) this.trimmed.add(p);
    this.schedule(this.opts.saveDelayMs ?? 500);
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.send(); }, delayMs);
    // A pending batch must not keep a CLI or test process alive; owners call flush/close before exit.
    this.timer.unref?.();
  }

  /** Sends everything queued so far as one transaction; serialized, so batches commit in write order. */
  private send(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.pending.length === 0 && this.trimmed.size === 0) return;
      const batch = this.pending;
      const trims = [...this.trimmed];
      this.pending = [];
      this.trimmed.clear();
      const statements = [...batch, ...trims.flatMap(p => pgWrites.trim(this.opts.machine, p, this.retention))];
      const client = await this.pool.connect().catch((err: Error) => err);
      try {
        if (client instanceof Error) throw client;
        await client.query('BEGIN');
        for (const s of statements) await client.query(s.text, s.values);
        await client.query('COMMIT');
        if (this.failing) this.opts.log.info('Store: writing to PostgreSQL works again');
        this.failing = false;
        this.opts.onSaved?.(statements.length);
      } catch (err) {
        if (!(client instanceof Error)) await client.query('ROLLBACK').catch(() => undefined);
        // Keep the batch (in order, before anything newer) and retry; report once per failure streak.
        this.pending = [...batch, ...this.pending];
        for (const p of trims) this.trimmed.add(p);
        if (!this.failing) this.opts.log.error(new Error(`Store: cannot write to PostgreSQL: ${(err as Error).message}`));
        this.failing = true;
        if (!this.closed) this.schedule(RETRY_MS);
      } finally {
        if (!(client instanceof Error)) client.release();
      }
    });
    return this.chain;
  }

  setLogRetention(lines: number): void {
    this.retention = Math.max(1, lines);
    this.cache.setLogRetention(lines);
  }

  upsertProject(p: StoredProject): void {
    this.cache.upsertProject(p);
    this.write(pgWrites.upsertProject(this.opts.machine, p));
  }
  removeProject(id: string): void {
    this.cache.removeProject(id);
    this.write(pgWrites.removeProject(this.opts.machine, id));
  }
  listProjects(): StoredProject[] {
    return this.cache.listProjects();
  }

  upsertSession(s: Session, taskCounts: Record<TaskStatus, number>): void {
    const at = this.now();
    this.pin(at, () => this.cache.upsertSession(s, taskCounts));
    this.write(pgWrites.upsertSession(this.opts.machine, s, taskCounts, at));
  }
  listSessions(projectId?: string): SessionSummary[] {
    return this.cache.listSessions(projectId);
  }
  removeSession(sessionId: string): void {
    this.cache.removeSession(sessionId);
    this.write(pgWrites.removeSession(this.opts.machine, sessionId));
  }

  upsertTasks(projectId: string, sessionId: string, tasks: Task[]): void {
    if (tasks.length === 0) return;
    const at = this.now();
    this.pin(at, () => this.cache.upsertTasks(projectId, sessionId, tasks));
    this.write(pgWrites.upsertTasks(this.opts.machine, projectId, sessionId, tasks, at));
  }
  removeTasks(projectId: string, ids: string[], sessionId?: string): void {
    if (ids.length === 0) return;
    this.cache.removeTasks(projectId, ids, sessionId);
    this.write(pgWrites.removeTasks(this.opts.machine, projectId, ids, sessionId));
  }
  listTasks(projectId: string, sessionId?: string): Task[] {
    return this.cache.listTasks(projectId, sessionId);
  }
  recordMove(m: TaskMove): void {
    this.cache.recordMove(m);
    this.write(pgWrites.recordMove(this.opts.machine, m));
  }
  taskMoves(projectId: string, taskId: string): TaskMove[] {
    return this.cache.taskMoves(projectId, taskId);
  }

  upsertAgents(agents: Agent[]): void {
    if (agents.length === 0) return;
    this.cache.upsertAgents(agents);
    this.write(pgWrites.upsertAgents(this.opts.machine, agents));
  }
  listAgents(projectId: string, sessionId?: string): Agent[] {
    return this.cache.listAgents(projectId, sessionId);
  }

  appendLogs(entries: LogEntry[]): void {
    if (entries.length === 0) return;
    this.cache.appendLogs(entries);
    this.write(pgWrites.appendLogs(this.opts.machine, entries), [...new Set(entries.map(e => e.projectId))]);
  }
  logs(projectId: string, q?: LogQuery): LogEntry[] {
    return this.cache.logs(projectId, q);
  }
  maxLogSeq(projectId: string): number {
    return this.cache.maxLogSeq(projectId);
  }

  upsertLearnings(learnings: Learning[]): void {
    if (learnings.length === 0) return;
    this.cache.upsertLearnings(learnings);
    this.write(pgWrites.upsertLearnings(this.opts.machine, learnings));
  }
  listLearnings(projectId?: string | null, text?: string): Learning[] {
    return this.cache.listLearnings(projectId, text);
  }
  appendEvents(projectId: string, events: LokiEvent[]): void {
    if (events.length === 0) return;
    this.cache.appendEvents(projectId, events);
    this.write(pgWrites.appendEvents(this.opts.machine, projectId, events), [projectId]);
  }
  listEvents(projectId: string, limit?: number): LokiEvent[] {
    return this.cache.listEvents(projectId, limit);
  }

  /** Sends the pending batch now; resolves when it committed (or failed, which is logged and retried). */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    await this.send();
  }

  /** Sends the pending batch, then frees the working set and the connections. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.closed = true;
      if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
      if (this.pending.length) this.opts.log.error(new Error(`Store: ${this.pending.length} change(s) could not be written to PostgreSQL before closing`));
      await this.cache.close();
      await this.pool.end().catch(() => undefined);
    }
  }

  /** Same as `close()` for owners that cannot await; the work is the promise `close()` returns. */
  dispose(): void {
    this.close().catch(() => undefined);
  }
}
