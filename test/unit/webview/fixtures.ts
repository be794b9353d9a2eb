// Snapshot builders shared by the webview unit tests, the bench and the dev harness.
import { emptyColumns, TASK_PRIORITIES, TASK_STATUSES } from '../../../src/core/domain';
import type { Agent, ChangeEnvelope, LogEntry, ProjectChange, ProjectSnapshot, Session, Task, TaskStatus } from '../../../src/core/domain';

/** A task with sensible defaults. */
export function task(id: string, status: TaskStatus, extra: Partial<Task> = {}): Task {
  return { id, title: `Task ${id}`, status, priority: 'medium', source: 'prd', readOnly: false, file: 'queue/pending.json', ...extra };
}

/** A running session. */
export function session(projectId: string, extra: Partial<Session> = {}): Session {
  return {
    id: `${projectId}:2025-01-01T00:00:00Z`, projectId, status: 'running', phase: 'BUILDING', iteration: 7, provider: 'claude',
    alive: true, pid: 4242, startedAt: '2025-01-01T00:00:00Z', endedAt: null, tokens: { input: 182_000, output: 41_000 },
    costUsd: 3.42, budget: { limit: 10, used: 3.42, exceeded: false }, rarvStep: 1, runnerStatus: 'running', mode: 'autonomous',
    autonomyMode: 'perpetual', contextPct: 46, runner: 'bash', control: { pause: false, stop: false, humanInput: false },
    lastWriteAt: 0, currentTaskId: null, prdPath: null, ...extra,
  };
}

/** An agent. */
export function agent(projectId: string, id: string, extra: Partial<Agent> = {}): Agent {
  return {
    id, projectId, sessionId: `${projectId}:s`, name: `agent-${id}`, type: 'general-purpose', model: 'sonnet', status: 'active',
    currentTask: null, spawnedAt: '2025-01-01T00:00:00Z', completedAt: null, toolCount: 12, ...extra,
  };
}

/** A project snapshot with `n` tasks spread over the columns. */
export function snapshot(projectId: string, n: number, version = 1): ProjectSnapshot {
  const columns = emptyColumns();
  for (let i = 0; i < n; i++) {
    const status = TASK_STATUSES[i % TASK_STATUSES.length]!;
    columns[status].push(task(`t${i}`, status, { priority: TASK_PRIORITIES[i % 4]! }));
  }
  return {
    project: { id: projectId, name: `Project ${projectId}`, path: `/work/${projectId}` },
    version, hasLoki: true, session: session(projectId), columns, agents: [], learnings: [],
    quality: { gates: [], council: null, checklist: null, notifications: [] }, iterations: [], problems: [],
  };
}

/** A change envelope. */
export function env(projectId: string, version: number, change: ProjectChange): ChangeEnvelope {
  return { projectId, version, at: 0, change };
}

/** `n` log lines starting at `seq`. */
export function logLines(projectId: string, seq: number, n: number): LogEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: seq + i, projectId, timestamp: `2025-01-01T00:${String(Math.floor((seq + i) / 60) % 60).padStart(2, '0')}:${String((seq + i) % 60).padStart(2, '0')}Z`,
    level: (['info', 'debug', 'warn', 'error'] as const)[(seq + i) % 4]!, source: 'logs/loki.log', message: `line ${seq + i}`,
  }));
}
