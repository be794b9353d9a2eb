import { emptyColumns } from '../../../src/core/domain';
import type { ProjectSnapshot, Session, Task, TaskStatus } from '../../../src/core/domain';

/** A session with every field set to "nothing known", overridable per test. */
export function session(over: Partial<Session> = {}): Session {
  return {
    id: 'p1:2025-01-01T00:00:00Z', projectId: 'p1', status: 'idle', phase: null, iteration: null, provider: null, alive: false,
    pid: null, startedAt: null, endedAt: null, tokens: null, costUsd: null, budget: null, rarvStep: null, runnerStatus: null,
    mode: null, autonomyMode: null, contextPct: null, runner: 'bash', control: { pause: false, stop: false, humanInput: false },
    lastWriteAt: null, currentTaskId: null, prdPath: null, ...over,
  };
}

export function task(id: string, status: TaskStatus, title = id): Task {
  return { id, title, status, priority: 'medium', source: 'prd', readOnly: false, file: `queue/${status}.json` };
}

/** A snapshot of project `p1` with `counts` tasks per column. */
export function snapshot(s: Partial<Session>, counts: Partial<Record<TaskStatus, number>> = {}, name = 'alpha'): ProjectSnapshot {
  const columns = emptyColumns();
  for (const [status, n] of Object.entries(counts) as Array<[TaskStatus, number]>) {
    for (let i = 0; i < n; i++) columns[status].push(task(`${status}-${i}`, status));
  }
  return {
    project: { id: s.projectId ?? 'p1', name, path: `/w/${name}` }, version: 1, hasLoki: true, session: session(s), columns,
    agents: [], learnings: [], quality: { gates: [], council: null, checklist: null, notifications: [] }, iterations: [], problems: [],
  };
}
