// The store as its users see it: the core, server and extension depend on this interface, never on an engine.
// Engines: the embedded sql.js `Store` (default) and `PgStore` (team mode, PostgreSQL behind an in-memory cache).
// Reads are synchronous on purpose: the core reads while it applies a file change, so an engine answers from memory.
import type { Disposable } from '../disposable';
import type { Agent, Learning, LogEntry, LogLevel, LokiEvent, ProjectInfo, Session, SessionSummary, Task, TaskStatus } from '../domain';

/** A project the store knows; `registered` means the user added it by hand (kept across windows). */
export interface StoredProject extends ProjectInfo {
  registered: boolean;
  lastSeenAt: number;
}

/** A recorded task move (history). */
export interface TaskMove {
  projectId: string;
  taskId: string;
  from: TaskStatus | null;
  to: TaskStatus;
  at: number;
  by: 'runner' | 'user';
}

/** Log query. `level` is a minimum severity (`warn` returns warnings and errors). */
export interface LogQuery {
  beforeSeq?: number | null;
  limit?: number;
  level?: LogLevel | null;
  text?: string | null;
}

/**
 * What every store engine offers. Writes apply to memory at once (reads see them immediately) and reach durable
 * storage later in batches; `flush()` waits for that, `close()` flushes and frees the engine.
 */
export interface StoreApi extends Disposable {
  /** True when this store's writes reach durable storage (false: memory only, or a reader of another writer's file). */
  readonly persistent: boolean;
  /** Changes how many log lines (and runner events) each project keeps; applies from the next append. */
  setLogRetention(lines: number): void;

  upsertProject(p: StoredProject): void;
  /** Forgets the project entry; its history stays until retention trims it. */
  removeProject(id: string): void;
  listProjects(): StoredProject[];

  upsertSession(s: Session, taskCounts: Record<TaskStatus, number>): void;
  /** Sessions, most recently updated first. */
  listSessions(projectId?: string): SessionSummary[];
  /** Deletes a session and its tasks and agents. */
  removeSession(sessionId: string): void;

  /** Inserts or replaces tasks of one session (each session keeps its own copy of a task id). */
  upsertTasks(projectId: string, sessionId: string, tasks: Task[]): void;
  /** Removes tasks by id: from one session when `sessionId` is given, else from every session of the project. */
  removeTasks(projectId: string, ids: string[], sessionId?: string): void;
  /** Tasks of one session, or (without `sessionId`) the newest record of every task id the project ever had. */
  listTasks(projectId: string, sessionId?: string): Task[];
  recordMove(m: TaskMove): void;
  /** Moves of one task, oldest first. */
  taskMoves(projectId: string, taskId: string): TaskMove[];

  upsertAgents(agents: Agent[]): void;
  listAgents(projectId: string, sessionId?: string): Agent[];

  /** Appends log lines (`seq` assigned by the caller, increasing per project); trims each project to the retention. */
  appendLogs(entries: LogEntry[]): void;
  /** A page of log lines, newest last: the `limit` newest lines before `beforeSeq` that match the filters. */
  logs(projectId: string, q?: LogQuery): LogEntry[];
  /** Highest log `seq` stored for the project, 0 when none. */
  maxLogSeq(projectId: string): number;

  upsertLearnings(learnings: Learning[]): void;
  /** Learnings: all (`undefined`), global only (`null`), or one project's plus the global ones; `text` matches anywhere. */
  listLearnings(projectId?: string | null, text?: string): Learning[];
  /** Appends runner events (bounded like logs). */
  appendEvents(projectId: string, events: LokiEvent[]): void;
  /** The newest `limit` runner events of a project, oldest first. */
  listEvents(projectId: string, limit?: number): LokiEvent[];

  /** Writes pending changes now; resolves when they are durable (failures are logged once per streak, not thrown). */
  flush(): Promise<void>;
  /** Writes pending changes and frees the engine. Idempotent: every call shares one promise. */
  close(): Promise<void>;
}
