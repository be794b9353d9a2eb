import path from 'node:path';
import { DisposableStore, toDisposable } from './disposable';
import type { Disposable } from './disposable';
import type { DirWatcher, FileAccessor } from './fileAccess';
import { FIXED_FILES } from './parsers/lokiPaths';
import type { Logger } from './logger';
import type { DrainedLog } from './projectModel';
import type { ChangeEnvelope, LogEntry, LokiEvent, ProjectChange, ProjectInfo, ProjectSnapshot, Task, TaskStatus } from './domain';
import { TASK_STATUSES } from './domain';
import { allTasks, diffSnapshots } from './snapshotDiff';
import type { DerivedSnapshot } from './snapshotDiff';
import type { DeferredStore } from './store/deferredStore';
import type { TaskMove } from './store/storeApi';
import { overlapLength } from './store/logOverlap';

/** The part of ProjectModel a monitor drives (tests pass a fake). */
export interface MonitorModel {
  loadAll(): Promise<void>;
  applyFile(absPath: string): Promise<void>;
  snapshot(): DerivedSnapshot;
  drainLogs(): DrainedLog[];
  drainEvents(): LokiEvent[];
  /** Re-reads the global learnings (`~/.loki/learnings`), when the model supports it. */
  refreshGlobal?(): Promise<void>;
  /** Tailed files a bounded read left unfinished; the monitor queues them again. */
  laggingFiles?(): string[];
  /** When a hidden torn read turns into a problem, and what to re-read then (ProjectModel; fakes may omit it). */
  problemsDue?(): { at: number; paths: string[] } | null;
}

/** What a monitor needs. */
export interface ProjectMonitorDeps {
  project: ProjectInfo;
  model: MonitorModel;
  /** The store, possibly still loading: log lines and events wait in the monitor until it has loaded. */
  store: DeferredStore;
  watcher: DirWatcher;
  log: Logger;
  now: () => number;
  /** Watcher events are collected this long before one processing run (bursts of writes coalesce). */
  debounceMs: number;
  /** With `files`: every `sweepMs` the state files are stat'ed and any change the watcher missed is applied. */
  files?: FileAccessor;
  /** Period of that safety sweep; default 2000 ms (the runner's own write cadence); 0 turns it off. */
  sweepMs?: number;
  emit: (e: ChangeEnvelope) => void;
}

/** How many stored lines a full re-read is compared with to drop lines the store already has. */
const OVERLAP_WINDOW = 5000;

/**
 * One project: watches its `.loki`, feeds changed paths to the model one run at a time, diffs the model's
 * snapshot against the previous one, writes the differences to the store and emits them as versioned envelopes
 * (exactly +1 per envelope).
 */
export class ProjectMonitor implements Disposable {
  private readonly disposables = new DisposableStore();
  private version = 0;
  private current: DerivedSnapshot | null = null;
  private logSeq = 0;
  private sessionId: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private lastError: string | null = null;
  private readonly fingerprints = new Map<string, string>();
  private sweeping = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private graceAt = Infinity;
  private stepStartedAt: number | null = null;
  /** Log lines and events read while the store was loading (their seq and dedup need the store); `emit` marks live ones. */
  private held: { logs: DrainedLog[]; events: LokiEvent[]; fullRead: boolean; live: Set<DrainedLog | LokiEvent> } | null = null;
  /** Whether `logSeq` continues the store's numbering (false until the store has loaded). */
  private seqBased = false;

  constructor(private readonly deps: ProjectMonitorDeps) {}

  /** Absolute path of the watched `.loki` directory. */
  get lokiDir(): string {
    return path.join(this.deps.project.path, '.loki');
  }

  /** Starts watching, then reads everything once (silently: the first read is the baseline, not a change). */
  async start(): Promise<void> {
    // Watch before the first read so nothing written during it is missed; those events queue behind it.
    this.disposables.add(this.deps.watcher.watch(this.lokiDir, p => this.onPath(p), err => this.report('watcher', err)));
    this.disposables.add(toDisposable(() => { if (this.timer) clearTimeout(this.timer); if (this.graceTimer) clearTimeout(this.graceTimer); }));
    await this.sweep(false);
    await this.enqueue(async () => {
      await this.deps.model.loadAll();
      this.reconcile({ silent: true, fullRead: true });
    });
    const period = this.deps.sweepMs ?? 2000;
    if (this.deps.files && period > 0) {
      const timer = setInterval(() => void this.sweep(true), period);
      timer.unref?.();
      this.disposables.add(toDisposable(() => clearInterval(timer)));
    }
  }

  /**
   * Native file events can be lost (chokidar throttles and races; a busy machine delays them). The few state
   * files that drive the board and session are cheap to stat, so a periodic sweep compares their size and
   * mtime with the last sweep and feeds any difference to the normal path. `report` false records only.
   */
  private async sweep(report: boolean): Promise<void> {
    const files = this.deps.files;
    if (!files || this.sweeping || this.disposed) return;
    this.sweeping = true;
    try {
      // Concurrently: one after the other, 30 stats cost 100 to 500 ms of a busy extension host's startup.
      const stats = await Promise.all(FIXED_FILES.map(([rel]) => files.stat(path.join(this.lokiDir, rel))));
      for (const [i, [rel]] of FIXED_FILES.entries()) {
        const abs = path.join(this.lokiDir, rel);
        const st = stats[i];
        const print = st ? `${st.size}:${st.mtimeMs}` : 'missing';
        const before = this.fingerprints.get(rel);
        this.fingerprints.set(rel, print);
        if (report && before !== undefined && before !== print && !this.disposed) this.onPath(abs);
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** The current state with its version; undefined before the first read finished. */
  snapshot(): ProjectSnapshot | undefined {
    return this.current ? { ...this.current, version: this.version } : undefined;
  }

  /** Re-reads every file and emits what changed. */
  refresh(): Promise<void> {
    return this.enqueue(async () => {
      await this.deps.model.loadAll();
      await this.deps.model.refreshGlobal?.();
      this.reconcile({ silent: false, fullRead: true });
    });
  }

  /** Re-reads the global learnings and emits new ones. */
  refreshGlobal(): Promise<void> {
    const model = this.deps.model;
    if (!model.refreshGlobal) return Promise.resolve();
    return this.enqueue(async () => {
      await model.refreshGlobal?.();
      this.reconcile({ silent: false, fullRead: false });
    });
  }

  /** How long the processing step now running has taken (0 when idle): health reports a project stuck in a read. */
  busyForMs(): number {
    return this.stepStartedAt === null ? 0 : Math.max(0, this.deps.now() - this.stepStartedAt);
  }

  /** Resolves once every path reported so far has been processed (tests, CLI `--once`). */
  async settled(): Promise<void> {
    while (this.timer || this.pending.size) {
      this.flushPending();
      await this.queue;
    }
    await this.queue;
  }

  private onPath(absPath: string): void {
    if (this.disposed) return;
    this.pending.add(absPath);
    // Not restarted by later events: a steadily written log must not starve processing.
    this.timer ??= setTimeout(() => this.flushPending(), this.deps.debounceMs);
  }

  private flushPending(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    void this.enqueue(async () => {
      for (const p of batch) {
        try {
          await this.deps.model.applyFile(p);
        } catch (err) {
          this.report(`reading ${p}`, err);
        }
      }
      this.reconcile({ silent: false, fullRead: false });
      // A burst larger than one bounded read continues in the next run, without waiting for another write.
      for (const p of this.deps.model.laggingFiles?.() ?? []) this.onPath(p);
    });
  }

  /** Runs processing steps one after the other; a failing step is logged and never blocks the next. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.disposed) return;
      this.stepStartedAt = this.deps.now();
      try {
        await step();
      } catch (err) {
        this.report('processing', err);
      } finally {
        this.stepStartedAt = null;
      }
    });
    this.queue = run;
    return run;
  }

  private report(what: string, err: unknown): void {
    const message = `${this.deps.project.name}: ${what} failed: ${err instanceof Error ? err.message : String(err)}`;
    // The same failure on every write would flood the log: report it once until something else happens.
    if (message === this.lastError) return;
    this.lastError = message;
    this.deps.log.warn(message);
  }

  private reconcile(opts: { silent: boolean; fullRead: boolean }): void {
    const { project, now } = this.deps;
    const next = this.deps.model.snapshot();
    const changes = diffSnapshots(this.current, next);
    const prevSessionId = this.sessionId;
    this.current = next;
    this.writeStore(changes, next, prevSessionId);

    const { logs, events } = this.takeHistory(opts);
    if (opts.silent) { this.scheduleGraceCheck(); return; }

    this.scheduleGraceCheck();
    const at = now();
    const emit = (change: ProjectChange): void => this.deps.emit({ projectId: project.id, version: ++this.version, at, change });
    for (const c of changes) emit(c);
    this.emitHistory(logs, events);
  }

  private emitHistory(logs: LogEntry[], events: LokiEvent[]): void {
    if (!logs.length && !events.length) return;
    const at = this.deps.now();
    const emit = (change: ProjectChange): void => this.deps.emit({ projectId: this.deps.project.id, version: ++this.version, at, change });
    if (logs.length) emit({ kind: 'log/entries', entries: logs });
    for (const event of events) emit({ kind: 'event/appended', event });
  }

  /**
   * Log lines and events just read go to the store with their seq, and come back to be emitted (the live ones).
   * While the store loads they wait here: a line's seq continues the stored numbering, and a full re-read must be
   * compared with the stored lines to drop those kept before, and both need the store.
   */
  private takeHistory(opts: { silent: boolean; fullRead: boolean }): { logs: LogEntry[]; events: LokiEvent[] } {
    const drainedLogs = this.deps.model.drainLogs();
    const drainedEvents = this.deps.model.drainEvents();
    if (!this.deps.store.loaded || this.held) {
      this.seqBased = this.seqBased && this.deps.store.loaded;
      const held = (this.held ??= { logs: [], events: [], fullRead: false, live: new Set() });
      held.logs.push(...drainedLogs);
      held.events.push(...drainedEvents);
      held.fullRead ||= opts.fullRead;
      if (!opts.silent) for (const x of [...drainedLogs, ...drainedEvents]) held.live.add(x);
      if (!this.deps.store.loaded) return { logs: [], events: [] };
      return this.releaseHeld();
    }
    return this.storeHistory(drainedLogs, drainedEvents, opts.fullRead, opts.silent ? null : undefined);
  }

  /** The store has loaded: what waited is stored now; the live part is returned for emission. */
  private releaseHeld(): { logs: LogEntry[]; events: LokiEvent[] } {
    const held = this.held;
    this.held = null;
    if (!held) return { logs: [], events: [] };
    return this.storeHistory(held.logs, held.events, held.fullRead, held.live);
  }

  /** Re-bases seqs, drops what the store had (full reads), appends; returns the lines and events to emit (`live`: which; null: none; undefined: all). */
  private storeHistory(drainedLogs: DrainedLog[], drainedEvents: LokiEvent[], fullRead: boolean, live: Set<DrainedLog | LokiEvent> | null | undefined): { logs: LogEntry[]; events: LokiEvent[] } {
    const { store, project } = this.deps;
    if (!this.seqBased) {
      // max: after a failed open the in-memory store starts empty, and seqs already sent must not repeat.
      this.logSeq = Math.max(this.logSeq, store.maxLogSeq(project.id));
      this.seqBased = true;
    }
    const keptLogs = fullRead && drainedLogs.length ? this.dropStoredLogs(drainedLogs) : drainedLogs;
    const keptEvents = fullRead && drainedEvents.length ? this.dropStoredEvents(drainedEvents) : drainedEvents;
    const projectId = project.id;
    // Spelled out, not spread: this runs per log line, and a literal is several times cheaper.
    const logs = keptLogs.map(d => ({ entry: { seq: ++this.logSeq, projectId, timestamp: d.timestamp, level: d.level, source: d.source, message: d.message }, live: live === undefined || !!live?.has(d) }));
    if (logs.length) store.appendLogs(logs.map(l => l.entry));
    if (keptEvents.length) store.appendEvents(project.id, keptEvents);
    return {
      logs: logs.filter(l => l.live).map(l => l.entry),
      events: keptEvents.filter(e => live === undefined || !!live?.has(e)),
    };
  }

  /** The store just loaded: stores what waited for it and emits the live part (LokiCore calls this for every project). */
  historyLoaded(): Promise<void> {
    return this.enqueue(() => {
      if (this.deps.store.loaded) {
        const { logs, events } = this.releaseHeld();
        this.emitHistory(logs, events);
      }
      return Promise.resolve();
    });
  }

  /**
   * A torn file is a problem only once its grace period ends, and nothing else may change to make us look again:
   * re-read those files when it ends, so the problem (or the repaired value) shows without another write.
   */
  private scheduleGraceCheck(): void {
    const due = this.deps.model.problemsDue?.();
    if (!due || this.disposed || due.at >= this.graceAt) return;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceAt = due.at;
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      this.graceAt = Infinity;
      for (const p of due.paths) this.onPath(p);
    }, Math.max(0, due.at - this.deps.now()) + 1);
    this.graceTimer.unref?.();
  }

  private writeStore(changes: ProjectChange[], next: DerivedSnapshot, prevSessionId: string | null): void {
    const { store, project, now } = this.deps;
    const sessionId = next.session.id;
    this.sessionId = sessionId;
    const upserts: Task[] = [];
    const removed: string[] = [];
    const moves: TaskMove[] = [];
    const at = now();
    for (const c of changes) {
      if (c.kind === 'task/created') { upserts.push(c.task); moves.push({ projectId: project.id, taskId: c.task.id, from: null, to: c.task.status, at, by: 'runner' }); }
      else if (c.kind === 'task/moved') { upserts.push(c.task); moves.push({ projectId: project.id, taskId: c.task.id, from: c.from, to: c.task.status, at, by: 'runner' }); }
      else if (c.kind === 'task/updated') upserts.push(c.task);
      else if (c.kind === 'task/removed') removed.push(c.id);
    }
    if (prevSessionId !== null && prevSessionId !== sessionId) {
      // A new session (or the real id of the placeholder one): it owns every task now on the board.
      if (prevSessionId.endsWith(':current')) store.removeSession(prevSessionId);
      store.upsertTasks(project.id, sessionId, allTasks(next));
    } else {
      store.upsertTasks(project.id, sessionId, upserts);
    }
    store.removeTasks(project.id, removed, sessionId);
    for (const m of moves) store.recordMove(m);
    const agents = changes.flatMap(c => (c.kind === 'agent/spawned' || c.kind === 'agent/updated' || c.kind === 'agent/completed' ? [c.agent] : []));
    store.upsertAgents(agents);
    store.upsertLearnings(changes.flatMap(c => (c.kind === 'learning/added' ? [c.learning] : [])));
    if (changes.length || prevSessionId !== sessionId) {
      const counts = Object.fromEntries(TASK_STATUSES.map(s => [s, next.columns[s].length])) as Record<TaskStatus, number>;
      store.upsertSession(next.session, counts);
    }
  }

  /** Drops the lines a full re-read delivered again (per source file: the store holds them from before). */
  private dropStoredLogs(drained: DrainedLog[]): DrainedLog[] {
    const stored = this.deps.store.logs(this.deps.project.id, { limit: OVERLAP_WINDOW });
    if (stored.length === 0) return drained;
    const bySource = new Map<string, DrainedLog[]>();
    for (const d of drained) {
      const list = bySource.get(d.source);
      if (list) list.push(d);
      else bySource.set(d.source, [d]);
    }
    const skip = new Set<DrainedLog>();
    for (const [source, fresh] of bySource) {
      const old = stored.filter(s => s.source === source);
      const k = overlapLength(old, fresh, (a, b) => a.message === b.message && a.timestamp === b.timestamp && a.level === b.level);
      for (const d of fresh.slice(0, k)) skip.add(d);
    }
    return drained.filter(d => !skip.has(d));
  }

  private dropStoredEvents(drained: LokiEvent[]): LokiEvent[] {
    const stored = this.deps.store.listEvents(this.deps.project.id, OVERLAP_WINDOW);
    const k = overlapLength(stored, drained, (a, b) => a.type === b.type && a.timestamp === b.timestamp && JSON.stringify(a.data) === JSON.stringify(b.data));
    return drained.slice(k);
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    this.disposables.dispose();
  }
}
