// A store slot that answers at once while the real store is still opening, so activation never waits for the
// sql.js WASM, the database file or its integrity check: writes queue in order and are replayed when the store
// opens; reads answer "nothing kept yet" and `onDidLoad` tells readers to ask again.
import { Emitter } from '../disposable';
import type { Disposable } from '../disposable';
import type { Logger } from '../logger';
import type { Agent, Learning, LogEntry, LokiEvent, Session, SessionSummary, Task, TaskStatus } from '../domain';
import { errorMessage } from '../errors';
import type { LogQuery, StoreApi, StoredProject, TaskMove } from './storeApi';

/** Opens a real store (the extension: `Store.open` on the workspace's file). */
export type StoreOpener = () => Promise<StoreApi>;

/** Where the slot is: opening (writes queue), open (everything goes to the real store) or closed. */
export type DeferredStoreState = 'opening' | 'open' | 'closed';

/** What a DeferredStore needs. */
export interface DeferredStoreOptions {
  /** Opens the real store; called by `start()`. */
  open: StoreOpener;
  /** Opens the store used when `open` fails (an in-memory one), so the queued writes and later ones are kept for the session. */
  fallback: StoreOpener;
  log: Logger;
}

type Op = (store: StoreApi) => void;

/**
 * The core's view of the store while it loads. Writes made before the real store opens are kept in order and
 * replayed into it when it opens, each as the same call the core made (so each is its own transaction, and one
 * failing write cannot undo the others). If the file store cannot be opened, the failure is reported once and
 * the queued writes go to the fallback (in-memory) store instead: no write the core made is lost for the session.
 * Reads before the store opens answer empty (no history yet); `onDidLoad` fires after the replay.
 */
export class DeferredStore implements StoreApi, Disposable {
  private real: StoreApi | undefined;
  private queue: Op[] = [];
  private stateNow: DeferredStoreState = 'opening';
  private opening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly loadEmitter = new Emitter<void>();
  private loadedWaiters: Array<() => void> = [];
  private openFailed = false;
  /** Resolved by `close()`: a close does not wait for `replayAfter` (the window is going away; the writes must land). */
  private closeRequested!: () => void;
  private readonly closeSignal = new Promise<void>(resolve => { this.closeRequested = resolve; });

  constructor(private readonly opts: DeferredStoreOptions) {}

  /** A slot around a store that is already open (CLI, tests): loaded from the start. */
  static of(store: StoreApi, log: Logger): DeferredStore {
    if (store instanceof DeferredStore) return store;
    const slot = new DeferredStore({ open: () => Promise.resolve(store), fallback: () => Promise.resolve(store), log });
    slot.real = store;
    slot.stateNow = 'open';
    slot.opening = Promise.resolve();
    return slot;
  }

  /**
   * Starts opening the real store (idempotent); resolves once it is open and the queued writes are in it.
   * `replayAfter`: the store opens now, but writes keep queueing (and reads stay empty) until this settles; the
   * extension passes the first read of its projects, so storing that read (10,000 task rows) never delays the trees.
   */
  start(opts?: { replayAfter?: Promise<unknown> }): Promise<void> {
    this.opening ??= this.load(this.opts.open, opts?.replayAfter);
    return this.opening;
  }

  /** opening / open / closed. */
  get state(): DeferredStoreState {
    return this.stateNow;
  }

  /** True once reads answer from the real store (every write queued before is in it). */
  get loaded(): boolean {
    return this.stateNow === 'open' && this.real !== undefined;
  }

  /** True when the file store could not be opened and this session keeps its history in memory. */
  get degraded(): boolean {
    return this.openFailed;
  }

  /** Writes queued for the store that is opening (0 once open). */
  get pendingWrites(): number {
    return this.queue.length;
  }

  /** Fires each time the slot becomes loaded (after the replay); readers (trees, webview) ask again then. */
  readonly onDidLoad: (listener: () => void) => Disposable = this.loadEmitter.event;

  /** Resolves when the slot is loaded (at once if it is); never rejects (a failed open falls back). */
  whenLoaded(): Promise<void> {
    if (this.loaded || this.stateNow === 'closed') return Promise.resolve();
    return new Promise(resolve => this.loadedWaiters.push(resolve));
  }

  /**
   * A write that must read the store first (read-modify-write, such as keeping a project's `registered` flag):
   * runs now when loaded, else in order with the queued writes at replay, against the real store.
   */
  update(fn: (store: StoreApi) => void): void {
    this.run(fn);
  }

  /**
   * Tests (and a future "reload history"): saves and closes the real store, then opens one with `open` (default:
   * the opener given at construction). From the call on, the slot is loading again: writes queue, reads are empty.
   */
  reopen(open: StoreOpener = this.opts.open): Promise<void> {
    if (this.stateNow !== 'open') return Promise.reject(new Error(`DeferredStore: cannot reopen while ${this.stateNow}`));
    const old = this.real;
    this.real = undefined;
    this.stateNow = 'opening';
    this.opening = (async () => {
      await old?.close();
      await this.load(open);
    })();
    return this.opening;
  }

  private async load(open: StoreOpener, replayAfter?: Promise<unknown>): Promise<void> {
    const store = await this.openOrFallback(open);
    if (replayAfter) await Promise.race([replayAfter.catch(() => undefined), this.closeSignal]);
    if (!store) {
      this.queue = [];
      this.stateNow = this.stateNow === 'closed' ? 'closed' : 'open';
      this.settleWaiters();
      return;
    }
    this.replayInto(store);
    this.real = store;
    if (this.stateNow === 'opening') this.stateNow = 'open';
    this.settleWaiters();
    this.loadEmitter.fire();
  }

  /** The real store, else the fallback (reported once), else undefined when even that fails. */
  private async openOrFallback(open: StoreOpener): Promise<StoreApi | undefined> {
    try {
      return await open();
    } catch (err) {
      this.openFailed = true;
      this.opts.log.error(new Error(`History unavailable: the store could not be opened (${errorMessage(err)}); this session keeps its history in memory only`));
    }
    try {
      return await this.opts.fallback();
    } catch (again) {
      // Without sql.js there is nowhere to keep anything: stop queueing so memory stays bounded.
      this.opts.log.error(new Error(`History unavailable: the in-memory store could not be opened either (${errorMessage(again)})`));
      this.queue = [];
      return undefined;
    }
  }

  /** Runs every queued write against `store`, oldest first; a failing one is reported and skipped. */
  private replayInto(store: StoreApi): void {
    let failures = 0;
    let first: unknown;
    // Writes queued while replaying (none today: the ops are synchronous) still run, in order.
    while (this.queue.length) {
      const ops = this.queue;
      this.queue = [];
      for (const op of ops) {
        try {
          op(store);
        } catch (err) {
          failures++;
          first ??= err;
        }
      }
    }
    if (failures) this.opts.log.error(new Error(`Store: ${failures} queued write(s) failed on replay: ${errorMessage(first)}`));
  }

  private settleWaiters(): void {
    const waiters = this.loadedWaiters;
    this.loadedWaiters = [];
    for (const w of waiters) w();
  }

  private run(op: Op): void {
    if (this.stateNow === 'closed') return;
    // Open without a store: neither the file nor memory could be opened (reported); nothing can be kept.
    if (this.stateNow === 'open') { if (this.real) op(this.real); return; }
    this.queue.push(op);
  }

  private read<T>(fn: (store: StoreApi) => T, empty: T): T {
    return this.real && this.stateNow === 'open' ? fn(this.real) : empty;
  }

  // -- the Store surface ---------------------------------------------------------------------

  /** True when the real store writes its file (false while loading, in memory, or as a reader). */
  get persistent(): boolean {
    return this.real?.persistent ?? false;
  }

  setLogRetention(lines: number): void { this.run(s => s.setLogRetention(lines)); }
  upsertProject(p: StoredProject): void { this.run(s => s.upsertProject(p)); }
  removeProject(id: string): void { this.run(s => s.removeProject(id)); }
  listProjects(): StoredProject[] { return this.read(s => s.listProjects(), []); }
  upsertSession(session: Session, taskCounts: Record<TaskStatus, number>): void { this.run(s => s.upsertSession(session, taskCounts)); }
  listSessions(projectId?: string): SessionSummary[] { return this.read(s => s.listSessions(projectId), []); }
  removeSession(sessionId: string): void { this.run(s => s.removeSession(sessionId)); }
  upsertTasks(projectId: string, sessionId: string, tasks: Task[]): void { if (tasks.length) this.run(s => s.upsertTasks(projectId, sessionId, tasks)); }
  removeTasks(projectId: string, ids: string[], sessionId?: string): void { if (ids.length) this.run(s => s.removeTasks(projectId, ids, sessionId)); }
  listTasks(projectId: string, sessionId?: string): Task[] { return this.read(s => s.listTasks(projectId, sessionId), []); }
  recordMove(m: TaskMove): void { this.run(s => s.recordMove(m)); }
  taskMoves(projectId: string, taskId: string): TaskMove[] { return this.read(s => s.taskMoves(projectId, taskId), []); }
  upsertAgents(agents: Agent[]): void { if (agents.length) this.run(s => s.upsertAgents(agents)); }
  listAgents(projectId: string, sessionId?: string): Agent[] { return this.read(s => s.listAgents(projectId, sessionId), []); }
  appendLogs(entries: LogEntry[]): void { if (entries.length) this.run(s => s.appendLogs(entries)); }
  logs(projectId: string, q?: LogQuery): LogEntry[] { return this.read(s => s.logs(projectId, q), []); }
  maxLogSeq(projectId: string): number { return this.read(s => s.maxLogSeq(projectId), 0); }
  upsertLearnings(learnings: Learning[]): void { if (learnings.length) this.run(s => s.upsertLearnings(learnings)); }
  listLearnings(projectId?: string | null, text?: string): Learning[] { return this.read(s => s.listLearnings(projectId, text), []); }
  appendEvents(projectId: string, events: LokiEvent[]): void { if (events.length) this.run(s => s.appendEvents(projectId, events)); }
  listEvents(projectId: string, limit?: number): LokiEvent[] { return this.read(s => s.listEvents(projectId, limit), []); }

  /** Saves pending changes now; while opening, first waits for the open (and the replay). */
  async flush(): Promise<void> {
    await this.opening;
    await this.real?.flush();
  }

  /**
   * Waits for an open in progress (so every queued write reaches the store), then closes the store: resolves when
   * its last save reached the disk. Idempotent; `deactivate()` returns this promise.
   */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    this.closeRequested();
    // Queued writes need a store to land in, even when nobody started the open.
    if (this.stateNow === 'opening' && this.queue.length) await this.start();
    else await this.opening;
    this.stateNow = 'closed';
    const real = this.real;
    this.real = undefined;
    this.settleWaiters();
    this.loadEmitter.dispose();
    await real?.close();
  }

  /** Same as `close()` for owners that cannot await; the work is the promise `close()` returns. */
  dispose(): void {
    this.close().catch(err => this.opts.log.error(new Error(`Store: closing failed: ${errorMessage(err)}`)));
  }
}
