// STUB (owner: parsers helper). Signatures are the contract; bodies get replaced.
import type { FileAccessor } from './fileAccess';
import type { Logger } from './logger';
import type { LogLevel, LokiEvent, ProjectInfo, ProjectSnapshot } from './protocol';

/** What a ProjectModel needs from its environment. */
export interface ProjectModelDeps {
  project: ProjectInfo;
  files: FileAccessor;
  log: Logger;
  /** Home directory whose `.loki/learnings/*.jsonl` hold the global learnings; null skips them. */
  homeDir: string | null;
  /** kill(pid, 0) in production; tests pass a fake. */
  isPidAlive: (pid: number) => boolean;
  now: () => number;
}

/** A decoded log line before the monitor assigns `seq` and `projectId`. */
export interface DrainedLog {
  timestamp: string | null;
  level: LogLevel;
  /** `.loki`-relative file. */
  source: string;
  message: string;
}

/**
 * The in-memory reading of one project's `.loki/`: the last good parsed value of every file kind,
 * problems for files that could not be read, incremental tails of logs and events.
 */
export class ProjectModel {
  constructor(readonly deps: ProjectModelDeps) {}

  /** Absolute path of the project's `.loki` directory. */
  get lokiDir(): string {
    return this.deps.project.path + '/.loki';
  }

  /** Reads every file kind the product shows (start, `.loki` recreated, resync). Logs start from their last 256 KiB. */
  async loadAll(): Promise<void> {
    throw new Error('not implemented');
  }

  /** Re-reads whatever `absPath` (a file or directory under `.loki/`, or `.loki` itself) affects, after a watcher saw it change or vanish. */
  async applyFile(absPath: string): Promise<void> {
    void absPath;
    throw new Error('not implemented');
  }

  /** The derived state now (without version: the monitor owns versions). */
  snapshot(): Omit<ProjectSnapshot, 'version'> {
    throw new Error('not implemented');
  }

  /** Log lines read since the last call. */
  drainLogs(): DrainedLog[] {
    return [];
  }

  /** events.jsonl records read since the last call. */
  drainEvents(): LokiEvent[] {
    return [];
  }
}
