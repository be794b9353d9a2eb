// STUB (owner: store/watcher helper). Signatures are the contract; bodies get replaced.
import type { Disposable } from './disposable';
import type { DirWatcher, FileAccessor } from './fileAccess';
import type { Logger } from './logger';
import type { ChangeEnvelope, Learning, LogEntry, ProjectInfo, ProjectSnapshot, SessionSummary } from './protocol';
import type { LogQuery, Store } from './store';

/** What the core needs from its host (extension, CLI, tests). */
export interface LokiCoreDeps {
  store: Store;
  log: Logger;
  files: FileAccessor;
  watcher: DirWatcher;
  /** Home dir for global learnings (`~/.loki/learnings`); null to skip. */
  homeDir: string | null;
  isPidAlive?: (pid: number) => boolean;
  now?: () => number;
  /** Per-file debounce of watcher events, default 10 ms. */
  debounceMs?: number;
}

/**
 * All projects, each with its own `.loki` watcher, model and change stream.
 * Flow: file change -> ProjectModel.applyFile -> diff against the previous snapshot -> store -> ChangeEnvelope(s).
 */
export class LokiCore implements Disposable {
  constructor(readonly deps: LokiCoreDeps) {}

  /** Starts watching `folder` (the directory that contains or will contain `.loki/`). Idempotent; resolves after the first full read. */
  async addProject(folder: string, opts?: { registered?: boolean; name?: string }): Promise<ProjectInfo> {
    void folder; void opts;
    throw new Error('not implemented');
  }

  /** Stops watching and forgets the project (never deletes files). */
  removeProject(projectId: string): void { void projectId; throw new Error('not implemented'); }

  projects(): ProjectInfo[] { throw new Error('not implemented'); }

  snapshot(projectId: string): ProjectSnapshot | undefined { void projectId; throw new Error('not implemented'); }

  /** Re-reads every file of one project (or all), emitting whatever changed. */
  async refresh(projectId?: string): Promise<void> { void projectId; throw new Error('not implemented'); }

  /** Every change of every project, in order, versions +1 per project. */
  readonly onChange: (listener: (e: ChangeEnvelope) => void) => Disposable = () => { throw new Error('not implemented'); };

  /** Fired when projects are added or removed. */
  readonly onProjectsChanged: (listener: (projects: ProjectInfo[]) => void) => Disposable = () => { throw new Error('not implemented'); };

  /** Log lines from the store (newest last). */
  logs(projectId: string, q?: LogQuery): LogEntry[] { void projectId; void q; throw new Error('not implemented'); }

  /** Past and current sessions from the store. */
  history(projectId?: string): SessionSummary[] { void projectId; throw new Error('not implemented'); }

  /** Learnings from the store, global ones included. */
  learnings(projectId?: string | null, text?: string): Learning[] { void projectId; void text; throw new Error('not implemented'); }

  dispose(): void {}
}

/** Stable project id: first 12 hex chars of sha256 of the absolute path (Loki's registry uses the same rule). */
export function projectIdFor(absPath: string): string {
  void absPath;
  throw new Error('not implemented');
}
