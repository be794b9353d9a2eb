import type { Agent, Learning, Session, Task, TaskStatus } from '../../src/core/domain';

/** A task with sensible defaults for store and diff tests. */
export function makeTask(id: string, status: TaskStatus, extra: Partial<Task> = {}): Task {
  return { id, title: `Task ${id}`, status, priority: 'medium', source: 'prd', readOnly: false, file: `queue/${status}.json`, ...extra };
}

/** A session with every field set to a neutral value. */
export function makeSession(projectId: string, extra: Partial<Session> = {}): Session {
  return {
    id: `${projectId}:2026-08-20T14:28:50Z`, projectId, status: 'running', phase: 'BUILDING', iteration: 1, provider: 'claude', alive: true,
    pid: 4242, startedAt: '2026-08-20T14:28:50Z', endedAt: null, tokens: null, costUsd: null, budget: null, rarvStep: null,
    runnerStatus: 'running', mode: 'autonomous', autonomyMode: null, contextPct: null, runner: 'bash',
    control: { pause: false, stop: false, humanInput: false }, lastWriteAt: null, currentTaskId: null, prdPath: null, ...extra,
  };
}

/** An agent record. */
export function makeAgent(projectId: string, sessionId: string, id: string, extra: Partial<Agent> = {}): Agent {
  return {
    id, projectId, sessionId, name: `agent ${id}`, type: 'general-purpose', model: null, status: 'active', currentTask: null,
    spawnedAt: '2026-08-20T14:30:00Z', completedAt: null, toolCount: null, ...extra,
  };
}

/** A learning. */
export function makeLearning(id: string, projectId: string | null, text: string, extra: Partial<Learning> = {}): Learning {
  return { id, projectId, projectName: null, category: 'pattern', text, timestamp: '2026-08-20T15:00:00Z', origin: '.loki/state/relevant-learnings.json', ...extra };
}
