import type { Database, SqlValue } from 'sql.js';
import type { Logger } from '../logger';
import type { Agent, Learning, LogEntry, LogLevel, LokiEvent, Session, SessionSummary, Task, TaskStatus } from '../domain';
import { openDatabaseFile, removeLeftoverTemps } from './dbFile';
import { LogArchive, logArchivePath } from './logArchive';
import { DebouncedSaver } from './saver';
import { likeAnywhere, num, parseJson, queryAll, runMany, str } from './sqlHelpers';
import type { Row } from './sqlHelpers';
import { loadSqlJs } from './sqlJs';
import { errorMessage } from '../errors';
import { acquireWriterLock } from './writerLock';
import type { LogQuery, StoreApi, StoredProject, TaskMove } from './storeApi';

export type { LogQuery, StoredProject, TaskMove } from './storeApi';

/** How to open the store. */
export interface StoreOptions {
  /** Database file; null keeps it in memory only (tests, `snapshot`). */
  file: string | null;
  /** Path of `sql-wasm.wasm` (the extension passes `dist/sql-wasm.wasm`); default: resolved next to the bundle or from node_modules. */
  wasmPath?: string;
  log: Logger;
  /** Debounce for saves; bursts of writes coalesce into one save. Default 500 ms. */
  saveDelayMs?: number;
  /** Log lines kept per project. Default 50,000. Runner events are bounded by the same number. */
  logRetention?: number;
  /** Clock for timestamps (tests). */
  now?: () => number;
  /** Called after each completed save with the number of bytes written (tests count saves with it). */
  onSaved?: (bytes: number) => void;
  /** Liveness of the pid that holds the file's writer lock (tests); default `process.kill(pid, 0)`. */
  isPidAlive?: (pid: number) => boolean;
}

const DEFAULT_LOG_LIMIT = 500;
const DEFAULT_RETENTION = 50_000;

/**
 * sql.js (WASM SQLite) store persisted to one file with debounced, atomic saves. A file has one writer: the first
 * store to open it holds `<file>.lock` until `close()`; a store that finds another live writer loads the data but
 * keeps its own changes in memory (`persistent` is false), so it can never overwrite the writer's work.
 */
export class Store implements StoreApi {
  private disposed = false;
  private inBatch = false;
  private readonly log: Logger;
  private closing: Promise<void> | undefined;
  private readonly eventCounts = new Map<string, number>();
  private retention: number;
  private readonly now: () => number;

  private constructor(
    private readonly db: Database,
    private readonly saver: DebouncedSaver,
    private readonly logArchive: LogArchive,
    /** True when this store writes its file; false for in-memory stores and for readers of a file another store writes. */
    readonly persistent: boolean,
    private readonly releaseLock: () => Promise<void>,
    opts: StoreOptions,
  ) {
    this.retention = Math.max(1, opts.logRetention ?? DEFAULT_RETENTION);
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
  }

  /** Opens (or creates) the store. A corrupt file is recovered from its backup or set aside; this never rejects for bad content. */
  static async open(opts: StoreOptions): Promise<Store> {
    const SQL = await loadSqlJs(opts.wasmPath);
    const now = opts.now ?? Date.now;
    let releaseLock = (): Promise<void> => Promise.resolve();
    let writer = false;
    if (opts.file !== null) {
      const file = opts.file;
      const lock = await acquireWriterLock(file, opts.isPidAlive);
      if (lock.held) {
        writer = true;
        releaseLock = lock.release;
        // Only the writer ever creates temp files, so any found now are a crashed writer's leftovers.
        await removeLeftoverTemps(file, opts.log);
      } else {
        opts.log.warn(`Store: ${file} is written by another process (pid ${lock.ownerPid ?? '?'}); this one reads it and keeps its own changes in memory`);
      }
    }
    let opened;
    try {
      opened = await openDatabaseFile(SQL, opts.file, opts.log, now, { readOnly: !writer });
    } catch (err) {
      await releaseLock();
      throw err;
    }
    const saver = new DebouncedSaver({ file: writer ? opts.file : null, db: opened.db, log: opts.log, delayMs: opts.saveDelayMs ?? 500, onSaved: opts.onSaved });
    // Log lines live beside the database (see LogArchive); only the writer appends to that file.
    const logFile = opts.file === null ? null : logArchivePath(opts.file);
    if (writer && logFile !== null) await removeLeftoverTemps(logFile, opts.log);
    const archive = await LogArchive.open({ file: writer ? logFile : null, log: opts.log, delayMs: opts.saveDelayMs ?? 500, retention: opts.logRetention ?? DEFAULT_RETENTION }, logFile);
    // The rollback journal lives in WASM memory anyway; keeping it out of the emulated file system makes each
    // transaction several times cheaper. Durability comes from the atomic file save, not from the journal.
    opened.db.exec('PRAGMA journal_mode = MEMORY');
    const store = new Store(opened.db, saver, archive, writer, releaseLock, opts);
    await store.moveLogsOutOfDatabase();
    // A recovered or emptied store is rewritten soon so the next start finds a good main file.
    if (opened.origin === 'backup' || opened.origin === 'empty-after-corruption') saver.markDirty();
    return store;
  }

  private all(sql: string, params: SqlValue[] = []): Row[] {
    return this.disposed ? [] : queryAll(this.db, sql, params);
  }

  /**
   * Runs one write. Every write of one synchronous run (a monitor's reconcile, a first read's thousands of moves)
   * shares one transaction, committed at the next microtask: a sql.js commit costs far more than a row. Each write
   * is a savepoint inside it, so a failing one is undone alone and throws as before.
   */
  private write(fn: () => void): void {
    if (this.disposed) return;
    if (!this.inBatch) {
      this.db.exec('BEGIN');
      this.inBatch = true;
      queueMicrotask(() => this.commitBatch());
    }
    this.db.exec('SAVEPOINT w');
    try {
      fn();
      this.db.exec('RELEASE w');
    } catch (err) {
      this.db.exec('ROLLBACK TO w');
      this.db.exec('RELEASE w');
      throw err;
    }
    this.saver.markDirty();
  }

  /** Commits the writes of the current run (before any export: an export must see them). */
  private commitBatch(): void {
    if (!this.inBatch) return;
    this.inBatch = false;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      this.log.error(new Error(`Store: commit failed: ${errorMessage(err)}`));
      try { this.db.exec('ROLLBACK'); } catch { /* already rolled back */ }
    }
  }

  /** Changes how many log lines (and runner events) each project keeps; applies from the next append. */
  setLogRetention(lines: number): void {
    this.retention = Math.max(1, lines);
    this.logArchive.setRetention(lines);
  }

  // -- projects -------------------------------------------------------------------------------

  upsertProject(p: StoredProject): void {
    this.write(() =>
      this.db.run(
        `INSERT INTO projects (id, name, path, registered, last_seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, path = excluded.path, registered = excluded.registered, last_seen_at = excluded.last_seen_at`,
        [p.id, p.name, p.path, p.registered ? 1 : 0, p.lastSeenAt],
      ),
    );
  }

  /** Forgets the project entry; its history (sessions, tasks, logs) stays until retention trims it. */
  removeProject(id: string): void {
    this.write(() => this.db.run('DELETE FROM projects WHERE id = ?', [id]));
  }

  listProjects(): StoredProject[] {
    return this.all('SELECT * FROM projects ORDER BY name').map(r => ({
      id: String(r.id),
      name: String(r.name),
      path: String(r.path),
      registered: r.registered === 1,
      lastSeenAt: num(r.last_seen_at) ?? 0,
    }));
  }

  // -- sessions -------------------------------------------------------------------------------

  upsertSession(s: Session, taskCounts: Record<TaskStatus, number>): void {
    this.write(() =>
      this.db.run(
        `INSERT INTO sessions (id, project_id, status, phase, iteration, provider, started_at, ended_at, cost_usd, task_counts, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, phase = excluded.phase, iteration = excluded.iteration,
           provider = excluded.provider, started_at = excluded.started_at, ended_at = excluded.ended_at,
           cost_usd = excluded.cost_usd, task_counts = excluded.task_counts, updated_at = excluded.updated_at`,
        [s.id, s.projectId, s.status, s.phase, s.iteration, s.provider, s.startedAt, s.endedAt, s.costUsd, JSON.stringify(taskCounts), this.now()],
      ),
    );
  }

  /** Sessions, most recently updated first. */
  listSessions(projectId?: string): SessionSummary[] {
    const rows = projectId === undefined
      ? this.all('SELECT * FROM sessions ORDER BY updated_at DESC, rowid DESC')
      : this.all('SELECT * FROM sessions WHERE project_id = ? ORDER BY updated_at DESC, rowid DESC', [projectId]);
    return rows.map(r => ({
      id: String(r.id),
      projectId: String(r.project_id),
      status: String(r.status) as SessionSummary['status'],
      phase: str(r.phase),
      iteration: num(r.iteration),
      provider: str(r.provider),
      startedAt: str(r.started_at),
      endedAt: str(r.ended_at),
      costUsd: num(r.cost_usd),
      taskCounts: { pending: 0, in_progress: 0, review: 0, completed: 0, failed: 0, ...parseJson<Record<TaskStatus, number>>(r.task_counts) },
    }));
  }

  /** Deletes a session and its tasks and agents (the placeholder `<project>:current` session once the real id is known). */
  removeSession(sessionId: string): void {
    this.write(() => {
      this.db.run('DELETE FROM tasks WHERE session_id = ?', [sessionId]);
      this.db.run('DELETE FROM agents WHERE session_id = ?', [sessionId]);
      this.db.run('DELETE FROM sessions WHERE id = ?', [sessionId]);
    });
  }

  // -- tasks ----------------------------------------------------------------------------------

  /** Inserts or replaces tasks of one session. A task id may recur in later sessions; each session keeps its own copy (history). */
  upsertTasks(projectId: string, sessionId: string, tasks: Task[]): void {
    if (tasks.length === 0) return;
    const at = this.now();
    this.write(() =>
      runMany(
        this.db,
        `INSERT INTO tasks (project_id, task_id, session_id, status, json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(project_id, session_id, task_id) DO UPDATE SET status = excluded.status, json = excluded.json, updated_at = excluded.updated_at`,
        tasks.map(t => [projectId, t.id, sessionId, t.status, JSON.stringify(t), at]),
      ),
    );
  }

  /** Removes tasks by id: from one session when `sessionId` is given, else from every session of the project. */
  removeTasks(projectId: string, ids: string[], sessionId?: string): void {
    if (ids.length === 0) return;
    this.write(() =>
      sessionId === undefined
        ? runMany(this.db, 'DELETE FROM tasks WHERE project_id = ? AND task_id = ?', ids.map(id => [projectId, id]))
        : runMany(this.db, 'DELETE FROM tasks WHERE project_id = ? AND session_id = ? AND task_id = ?', ids.map(id => [projectId, sessionId, id])),
    );
  }

  /** Tasks of one session, or (without `sessionId`) the newest record of every task id the project ever had. */
  listTasks(projectId: string, sessionId?: string): Task[] {
    const rows = sessionId === undefined
      ? this.all(
          `SELECT json FROM tasks t WHERE project_id = ? AND updated_at = (SELECT MAX(updated_at) FROM tasks u WHERE u.project_id = t.project_id AND u.task_id = t.task_id)
           GROUP BY task_id ORDER BY rowid`,
          [projectId],
        )
      : this.all('SELECT json FROM tasks WHERE project_id = ? AND session_id = ? ORDER BY rowid', [projectId, sessionId]);
    return rows.map(r => parseJson<Task>(r.json)).filter((t): t is Task => t !== null);
  }

  recordMove(m: TaskMove): void {
    this.write(() =>
      this.db.run('INSERT INTO task_moves (project_id, task_id, from_status, to_status, at, by) VALUES (?, ?, ?, ?, ?, ?)', [
        m.projectId, m.taskId, m.from, m.to, m.at, m.by,
      ]),
    );
  }

  /** Moves of one task, oldest first. */
  taskMoves(projectId: string, taskId: string): TaskMove[] {
    return this.all('SELECT * FROM task_moves WHERE project_id = ? AND task_id = ? ORDER BY at, rowid', [projectId, taskId]).map(r => ({
      projectId: String(r.project_id),
      taskId: String(r.task_id),
      from: str(r.from_status) as TaskStatus | null,
      to: String(r.to_status) as TaskStatus,
      at: num(r.at) ?? 0,
      by: r.by === 'user' ? 'user' : 'runner',
    }));
  }

  // -- agents ---------------------------------------------------------------------------------

  upsertAgents(agents: Agent[]): void {
    if (agents.length === 0) return;
    this.write(() =>
      runMany(
        this.db,
        `INSERT INTO agents (project_id, session_id, id, status, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(project_id, session_id, id) DO UPDATE SET status = excluded.status, json = excluded.json`,
        agents.map(a => [a.projectId, a.sessionId, a.id, a.status, JSON.stringify(a)]),
      ),
    );
  }

  listAgents(projectId: string, sessionId?: string): Agent[] {
    const rows = sessionId === undefined
      ? this.all('SELECT json FROM agents WHERE project_id = ? ORDER BY rowid', [projectId])
      : this.all('SELECT json FROM agents WHERE project_id = ? AND session_id = ? ORDER BY rowid', [projectId, sessionId]);
    return rows.map(r => parseJson<Agent>(r.json)).filter((a): a is Agent => a !== null);
  }

  // -- logs -----------------------------------------------------------------------------------

  /** Appends log lines (their `seq` is assigned by the caller and increases per project); trims each project to the retention. */
  appendLogs(entries: LogEntry[]): void {
    if (this.disposed) return;
    this.logArchive.append(entries);
  }

  /**
   * Files of older builds keep log lines in the `logs` table: hand them to the archive, and (as the writer) make
   * them durable there before the table is emptied, so a crash in between loses nothing.
   */
  private async moveLogsOutOfDatabase(): Promise<void> {
    const rows = this.all('SELECT * FROM logs ORDER BY project_id, seq');
    if (rows.length === 0) return;
    this.logArchive.append(rows.map(r => ({ seq: Number(r.seq), projectId: String(r.project_id), timestamp: str(r.timestamp), level: String(r.level) as LogLevel, source: String(r.source), message: String(r.message) })));
    if (!this.persistent) return;
    await this.logArchive.flush();
    this.write(() => this.db.run('DELETE FROM logs'));
  }

  /** Keeps the newest `retention` rows of one project in `events` (log lines: see LogArchive). */
  private trim(table: 'events', counts: Map<string, number>, projectId: string, added: number): void {
    let count = counts.get(projectId);
    count = count === undefined ? Number(this.db.exec(`SELECT COUNT(*) FROM ${table} WHERE project_id = ?`, [projectId])[0]?.values[0]?.[0] ?? 0) : count + added;
    if (count > this.retention) {
      this.db.run(
        `DELETE FROM ${table} WHERE project_id = ? AND seq <= (SELECT seq FROM ${table} WHERE project_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
        [projectId, projectId, this.retention],
      );
      count = this.retention;
    }
    counts.set(projectId, count);
  }

  /** A page of log lines, newest last: the `limit` newest lines before `beforeSeq` that match the filters. */
  logs(projectId: string, q: LogQuery = {}): LogEntry[] {
    if (this.disposed) return [];
    return this.logArchive.query(projectId, { ...q, limit: Math.max(1, q.limit ?? DEFAULT_LOG_LIMIT) });
  }

  /** Highest log `seq` stored for the project, 0 when none. */
  maxLogSeq(projectId: string): number {
    return this.disposed ? 0 : this.logArchive.maxSeq(projectId);
  }

  // -- learnings and events -------------------------------------------------------------------

  upsertLearnings(learnings: Learning[]): void {
    if (learnings.length === 0) return;
    this.write(() =>
      runMany(
        this.db,
        'INSERT OR REPLACE INTO learnings (id, project_id, project_name, category, text, timestamp, origin) VALUES (?, ?, ?, ?, ?, ?, ?)',
        learnings.map(l => [l.id, l.projectId, l.projectName, l.category, l.text, l.timestamp, l.origin]),
      ),
    );
  }

  /** Learnings: all (`undefined`), global only (`null`), or one project's plus the global ones; `text` matches anywhere, any case. */
  listLearnings(projectId?: string | null, text?: string): Learning[] {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (projectId === null) where.push('project_id IS NULL');
    else if (projectId !== undefined) { where.push('(project_id = ? OR project_id IS NULL)'); params.push(projectId); }
    if (text) { where.push("(text LIKE ? ESCAPE '\\' OR category LIKE ? ESCAPE '\\')"); params.push(likeAnywhere(text), likeAnywhere(text)); }
    const sql = `SELECT * FROM learnings${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY timestamp DESC, rowid DESC`;
    return this.all(sql, params).map(r => ({
      id: String(r.id),
      projectId: str(r.project_id),
      projectName: str(r.project_name),
      category: String(r.category),
      text: String(r.text),
      timestamp: str(r.timestamp),
      origin: String(r.origin),
    }));
  }

  /** Appends runner events (bounded like logs). */
  appendEvents(projectId: string, events: LokiEvent[]): void {
    if (events.length === 0) return;
    this.write(() => {
      let seq = Number(this.db.exec('SELECT COALESCE(MAX(seq), 0) FROM events WHERE project_id = ?', [projectId])[0]?.values[0]?.[0] ?? 0);
      runMany(
        this.db,
        'INSERT INTO events (project_id, seq, timestamp, type, source, data) VALUES (?, ?, ?, ?, ?, ?)',
        events.map(e => [projectId, ++seq, e.timestamp, e.type, e.source, JSON.stringify(e.data)]),
      );
      this.trim('events', this.eventCounts, projectId, events.length);
    });
  }

  /** The newest `limit` runner events of a project, oldest first. */
  listEvents(projectId: string, limit = 500): LokiEvent[] {
    return this.all('SELECT * FROM events WHERE project_id = ? ORDER BY seq DESC LIMIT ?', [projectId, limit])
      .reverse()
      .map(r => ({ timestamp: str(r.timestamp), type: String(r.type), source: str(r.source), data: parseJson<Record<string, unknown>>(r.data) ?? {} }));
  }

  // -- lifecycle ------------------------------------------------------------------------------

  /** Writes pending changes now (atomic). */
  async flush(): Promise<void> {
    this.commitBatch();
    await Promise.all([this.saver.flush(), this.logArchive.flush()]);
  }

  /**
   * Writes pending changes, frees the database and releases the file; resolves when the last save reached the
   * disk. Idempotent: every call (and `dispose`) shares one promise, which `deactivate()` returns to VS Code.
   */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    this.commitBatch();
    this.disposed = true;
    // The saver exports the bytes synchronously, so the database can be freed before the write completes.
    const saved = Promise.all([this.saver.close(), this.logArchive.close()]);
    this.db.close();
    try {
      await saved;
    } finally {
      await this.releaseLock();
    }
  }

  /** Same as `close()` for owners that cannot await (a DisposableStore); the work is the promise `close()` returns. */
  dispose(): void {
    this.closing ??= this.finish();
    // Errors are logged by the saver; the promise stays observable through close().
    this.closing.catch(() => undefined);
  }
}
