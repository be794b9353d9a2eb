// STUB (owner: store helper). Signatures are the contract; bodies get replaced.
import type { Disposable } from './disposable';
import type { Logger } from './logger';
import type { Agent, Learning, LogEntry, LogLevel, LokiEvent, ProjectInfo, Session, SessionSummary, Task, TaskStatus } from './protocol';

/** How to open the store. */
export interface StoreOptions {
  /** Database file; null keeps it in memory only (tests, `snapshot`). */
  file: string | null;
  /** Path of `sql-wasm.wasm` (the extension passes `dist/sql-wasm.wasm`); default: resolved next to the bundle or from node_modules. */
  wasmPath?: string;
  log: Logger;
  /** Debounce for saves; bursts of writes coalesce into one save. Default 500 ms. */
  saveDelayMs?: number;
  /** Log lines kept per project. Default 50,000. */
  logRetention?: number;
}

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

/** Log query. */
export interface LogQuery {
  beforeSeq?: number | null;
  limit?: number;
  level?: LogLevel | null;
  text?: string | null;
}

/** sql.js (WASM SQLite) store persisted to one file with debounced, atomic saves. */
export class Store implements Disposable {
  static async open(opts: StoreOptions): Promise<Store> {
    void opts;
    throw new Error('not implemented');
  }
  upsertProject(p: StoredProject): void { void p; throw new Error('not implemented'); }
  removeProject(id: string): void { void id; throw new Error('not implemented'); }
  listProjects(): StoredProject[] { throw new Error('not implemented'); }
  upsertSession(s: Session, taskCounts: Record<TaskStatus, number>): void { void s; void taskCounts; throw new Error('not implemented'); }
  listSessions(projectId?: string): SessionSummary[] { void projectId; throw new Error('not implemented'); }
  upsertTasks(projectId: string, sessionId: string, tasks: Task[]): void { void projectId; void sessionId; void tasks; throw new Error('not implemented'); }
  removeTasks(projectId: string, ids: string[]): void { void projectId; void ids; throw new Error('not implemented'); }
  listTasks(projectId: string, sessionId?: string): Task[] { void projectId; void sessionId; throw new Error('not implemented'); }
  recordMove(m: TaskMove): void { void m; throw new Error('not implemented'); }
  taskMoves(projectId: string, taskId: string): TaskMove[] { void projectId; void taskId; throw new Error('not implemented'); }
  upsertAgents(agents: Agent[]): void { void agents; throw new Error('not implemented'); }
  listAgents(projectId: string, sessionId?: string): Agent[] { void projectId; void sessionId; throw new Error('not implemented'); }
  appendLogs(entries: LogEntry[]): void { void entries; throw new Error('not implemented'); }
  logs(projectId: string, q?: LogQuery): LogEntry[] { void projectId; void q; throw new Error('not implemented'); }
  maxLogSeq(projectId: string): number { void projectId; throw new Error('not implemented'); }
  upsertLearnings(learnings: Learning[]): void { void learnings; throw new Error('not implemented'); }
  listLearnings(projectId?: string | null, text?: string): Learning[] { void projectId; void text; throw new Error('not implemented'); }
  appendEvents(projectId: string, events: LokiEvent[]): void { void projectId; void events; throw new Error('not implemented'); }
  /** Writes pending changes now (atomic). */
  async flush(): Promise<void> { throw new Error('not implemented'); }
  dispose(): void {}
}
