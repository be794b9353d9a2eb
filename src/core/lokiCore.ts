import path from 'node:path';
import { DisposableStore, Emitter } from './disposable';
import type { Disposable } from './disposable';
import type { DirWatcher, FileAccessor } from './fileAccess';
import { isPidAlive } from './liveness';
import type { Logger } from './logger';
import { projectIdFor } from './projectId';
import { ProjectModel } from './projectModel';
import type { ProjectModelDeps } from './projectModel';
import { ProjectMonitor } from './projectMonitor';
import type { MonitorModel } from './projectMonitor';
import type { ChangeEnvelope, Learning, LogEntry, LokiEvent, ProjectInfo, ProjectSnapshot, SessionSummary, Task } from './domain';
import { DeferredStore } from './store/deferredStore';
import type { LogQuery, StoreApi } from './store/storeApi';

export { projectIdFor } from './projectId';

/** A project busy this long in one processing step is reported as stuck (reads time out after 5 s each). */
export const STUCK_AFTER_MS = 30_000;

/** What the core needs from its host (extension, CLI, tests). */
export interface LokiCoreDeps {
  /** A store, or a `DeferredStore` still loading (the extension): history reads are empty until it has loaded. */
  store: StoreApi;
  log: Logger;
  files: FileAccessor;
  watcher: DirWatcher;
  /** Home dir for global learnings (`~/.loki/learnings`); null to skip. */
  homeDir: string | null;
  isPidAlive?: (pid: number) => boolean;
  now?: () => number;
  /** Per-project debounce: watcher events of one project are collected this long, then processed in one run. Default 2 ms (a change costs what changed, so a short wait only merges one burst). */
  debounceMs?: number;
  /** Period of the safety sweep that catches file events the watcher lost; default 2000 ms, 0 = off. */
  sweepMs?: number;
  /** Builds the model of one project; default `new ProjectModel(deps)` (tests pass a fake). */
  createModel?: (deps: ProjectModelDeps) => MonitorModel;
}

interface Entry {
  info: ProjectInfo;
  monitor: ProjectMonitor;
  ready: Promise<ProjectInfo>;
}

/**
 * All projects, each with its own `.loki` watcher, model and change stream.
 * Flow: file change -> ProjectModel.applyFile -> diff against the previous snapshot -> store -> ChangeEnvelope(s).
 */
export class LokiCore implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables = new DisposableStore();
  private readonly changeEmitter = this.disposables.add(new Emitter<ChangeEnvelope>());
  private readonly projectsEmitter = this.disposables.add(new Emitter<ProjectInfo[]>());
  private readonly historyEmitter = this.disposables.add(new Emitter<void>());
  private disposed = false;
  private readonly store: DeferredStore;
  private historyDone: Promise<void> = Promise.resolve();

  constructor(readonly deps: LokiCoreDeps) {
    this.store = DeferredStore.of(deps.store, deps.log);
    this.disposables.add(this.store.onDidLoad(() => {
      // Every monitor stores the log lines and events that waited for the store, then readers ask again.
      this.historyDone = Promise.all([...this.entries.values()].map(e => e.monitor.historyLoaded())).then(() => {
        if (!this.disposed) this.historyEmitter.fire();
      });
    }));
    if (deps.homeDir) {
      // Global learnings are shared by every project: one watcher, and each model re-reads them.
      const dir = path.join(deps.homeDir, '.loki', 'learnings');
      this.disposables.add(deps.watcher.watch(dir, () => { for (const e of this.entries.values()) void e.monitor.refreshGlobal(); }, err => deps.log.warn(`Loki: watching ${dir} failed: ${err.message}`)));
    }
  }

  /** Starts watching `folder` (the directory that contains or will contain `.loki/`). Idempotent; resolves after the first full read. */
  async addProject(folder: string, opts?: { registered?: boolean; name?: string }): Promise<ProjectInfo> {
    const abs = path.resolve(folder);
    const id = projectIdFor(abs);
    const { store } = this;
    // While the store loads, the stored name is unknown (the folder's name shows) and `registered` is decided at replay.
    const known = store.listProjects().find(p => p.id === id);
    const existing = this.entries.get(id);
    if (existing) {
      if (opts?.registered) {
        store.update(s => {
          if (!s.listProjects().find(p => p.id === id)?.registered) s.upsertProject({ ...existing.info, registered: true, lastSeenAt: this.now() });
        });
      }
      return existing.ready;
    }
    if (this.disposed) throw new Error('LokiCore is disposed');
    const info: ProjectInfo = { id, name: opts?.name ?? known?.name ?? (path.basename(abs) || abs), path: abs };
    const model = (this.deps.createModel ?? (d => new ProjectModel(d)))({
      project: info,
      files: this.deps.files,
      log: this.deps.log,
      homeDir: this.deps.homeDir,
      isPidAlive: this.deps.isPidAlive ?? isPidAlive,
      now: this.now,
    });
    const monitor = new ProjectMonitor({
      project: info, model, store, watcher: this.deps.watcher, log: this.deps.log, now: this.now,
      debounceMs: this.deps.debounceMs ?? 2,
      files: this.deps.files,
      sweepMs: this.deps.sweepMs,
      emit: e => this.changeEmitter.fire(e),
    });
    const ready = (async () => {
      await monitor.start();
      if (this.entries.get(id)?.monitor === monitor) this.projectsEmitter.fire(this.projects());
      return info;
    })();
    this.entries.set(id, { info, monitor, ready });
    // Runs now, or at replay when the store is still loading (then only if the project is still watched).
    store.update(s => {
      if (this.entries.get(id)?.monitor !== monitor) return;
      const registered = opts?.registered ?? s.listProjects().find(p => p.id === id)?.registered ?? false;
      s.upsertProject({ ...info, registered, lastSeenAt: this.now() });
    });
    try {
      return await ready;
    } catch (err) {
      // start() only fails on bugs (the monitor logs bad input itself); do not keep a half-added project.
      this.entries.delete(id);
      monitor.dispose();
      throw err;
    }
  }

  /** Re-adds every project the user registered by hand (stored across restarts). Failures are logged and skipped. */
  async restoreRegisteredProjects(): Promise<ProjectInfo[]> {
    const out: ProjectInfo[] = [];
    await this.store.whenLoaded();
    for (const p of this.store.listProjects().filter(x => x.registered)) {
      try {
        out.push(await this.addProject(p.path, { registered: true, name: p.name }));
      } catch (err) {
        this.deps.log.warn(`Loki: could not restore project ${p.path}: ${(err as Error).message}`);
      }
    }
    return out;
  }

  /** Stops watching and forgets the project (never deletes files). */
  removeProject(projectId: string): void {
    const e = this.entries.get(projectId);
    if (!e) return;
    this.entries.delete(projectId);
    e.monitor.dispose();
    this.store.removeProject(projectId);
    this.projectsEmitter.fire(this.projects());
  }

  /** Projects being watched, in the order they were added. */
  projects(): ProjectInfo[] {
    return [...this.entries.values()].map(e => e.info);
  }

  /** Current state of one project, with the version of the last change emitted for it. */
  snapshot(projectId: string): ProjectSnapshot | undefined {
    return this.entries.get(projectId)?.monitor.snapshot();
  }

  /** Re-reads every file of one project (or all), emitting whatever changed. */
  async refresh(projectId?: string): Promise<void> {
    const targets = projectId === undefined ? [...this.entries.values()] : [this.entries.get(projectId)].filter((e): e is Entry => !!e);
    await Promise.all(targets.map(e => e.monitor.refresh()));
  }

  /** Resolves once every file change seen so far has been processed (tests, one-shot CLI runs). */
  async settled(projectId?: string): Promise<void> {
    const targets = projectId === undefined ? [...this.entries.values()] : [this.entries.get(projectId)].filter((e): e is Entry => !!e);
    await Promise.all(targets.map(e => e.monitor.settled()));
  }

  /** Every change of every project, in order, versions +1 per project. */
  readonly onChange: (listener: (e: ChangeEnvelope) => void) => Disposable = this.changeEmitter.event;

  /** Fired when projects are added or removed. */
  readonly onProjectsChanged: (listener: (projects: ProjectInfo[]) => void) => Disposable = this.projectsEmitter.event;

  /** Resolves once the store has loaded and the log lines and events read before are stored (at once for a loaded store). */
  async whenHistoryLoaded(): Promise<void> {
    await this.store.whenLoaded();
    await this.historyDone;
  }

  /** Fires when history (past sessions, learnings, logs) becomes readable: the store finished loading after activation. */
  readonly onHistoryLoaded: (listener: () => void) => Disposable = this.historyEmitter.event;

  /** Log lines from the store (newest last). */
  logs(projectId: string, q?: LogQuery): LogEntry[] {
    return this.store.logs(projectId, q);
  }

  /** Projects whose processing has been busy longer than `limitMs` (default 30 s; every read has a 5 s limit). */
  stuckProjects(limitMs = STUCK_AFTER_MS): ProjectInfo[] {
    return [...this.entries.values()].filter(e => e.monitor.busyForMs() > limitMs).map(e => e.info);
  }

  /** Past and current sessions from the store. */
  history(projectId?: string): SessionSummary[] {
    return this.store.listSessions(projectId);
  }

  /** Tasks of one session as the store kept them (past sessions' boards). */
  sessionTasks(projectId: string, sessionId: string): Task[] {
    return this.store.listTasks(projectId, sessionId);
  }

  /** The latest events.jsonl records kept in the store, oldest first. */
  events(projectId: string, limit?: number): LokiEvent[] {
    return this.store.listEvents(projectId, limit);
  }

  /** Learnings from the store, global ones included. */
  learnings(projectId?: string | null, text?: string): Learning[] {
    return this.store.listLearnings(projectId, text);
  }

  private readonly now = (): number => (this.deps.now ?? Date.now)();

  dispose(): void {
    this.disposed = true;
    for (const e of this.entries.values()) e.monitor.dispose();
    this.entries.clear();
    this.disposables.dispose();
  }
}
