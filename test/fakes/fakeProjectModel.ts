import type { MonitorModel } from '../../src/core/projectMonitor';
import type { DrainedLog } from '../../src/core/projectModel';
import type { LokiEvent, ProjectInfo, QualityInfo } from '../../src/core/domain';
import { emptyColumns } from '../../src/core/domain';
import type { DerivedSnapshot } from '../../src/core/snapshotDiff';
import { makeSession } from './domain';

/** An empty derived snapshot for `project`. */
export function emptyDerived(project: ProjectInfo): DerivedSnapshot {
  const quality: QualityInfo = { gates: [], council: null, checklist: null, notifications: [] };
  return {
    project, hasLoki: true, session: makeSession(project.id), columns: emptyColumns(), agents: [], learnings: [], quality, iterations: [], problems: [],
  };
}

/**
 * A ProjectModel stand-in for monitor tests: the test mutates `state` (directly or in `onApply`), queues log
 * lines and events, and can make `applyFile` slow or throwing. It records every call and the peak concurrency.
 */
export class FakeProjectModel implements MonitorModel {
  state: DerivedSnapshot;
  readonly applied: string[] = [];
  loadAllCalls = 0;
  /** Lines a full read delivers (a re-read delivers them again, as the real model's 256 KiB tail does). */
  tailOnLoad: DrainedLog[] = [];
  eventsOnLoad: LokiEvent[] = [];
  private logs: DrainedLog[] = [];
  private events: LokiEvent[] = [];
  onApply: (absPath: string) => void | Promise<void> = () => {};
  private active = 0;
  maxConcurrent = 0;

  constructor(project: ProjectInfo) {
    this.state = emptyDerived(project);
  }

  async loadAll(): Promise<void> {
    this.loadAllCalls++;
    this.logs.push(...this.tailOnLoad);
    this.events.push(...this.eventsOnLoad);
  }

  async applyFile(absPath: string): Promise<void> {
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    try {
      this.applied.push(absPath);
      await this.onApply(absPath);
    } finally {
      this.active--;
    }
  }

  snapshot(): DerivedSnapshot {
    // A copy, as the real model builds a fresh object: the monitor must not depend on identity.
    return structuredClone(this.state);
  }

  /** Queues log lines for the next drain. */
  pushLogs(...lines: DrainedLog[]): void { this.logs.push(...lines); }
  /** Queues events for the next drain. */
  pushEvents(...events: LokiEvent[]): void { this.events.push(...events); }

  drainLogs(): DrainedLog[] { return this.logs.splice(0); }
  drainEvents(): LokiEvent[] { return this.events.splice(0); }
}
