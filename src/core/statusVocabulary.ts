// The status vocabulary: what Loki writes (queue files, markdown task folders, autonomy-state statuses, priorities,
// sources; contract §1.3, §2.3, §3.2, §3.3) mapped onto the product's canonical values, and the two tables the
// server's Loki-compatible mode maps back with (§6.3). One table per direction that is used; nothing else.
import type { SessionStatus, TaskPriority, TaskStatus } from './domain';

/** Called once per unknown value (per vocabulary) so a new runner version shows up in the log, never as a throw. */
export type ReportUnknown = (vocabulary: string, value: string) => void;

/** Wraps a sink so each (vocabulary, value) pair reaches it only once. */
export function reportOnce(sink: ReportUnknown): ReportUnknown {
  const seen = new Set<string>();
  return (vocabulary, value) => {
    const key = `${vocabulary}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    sink(vocabulary, value);
  };
}

/** Column of a record by the queue file it is in (`queue/<name>`). The file wins over the record's own `status`. */
export const QUEUE_FILE_STATUS = {
  'pending.json': 'pending',
  'in-progress.json': 'in_progress',
  'review.json': 'review',
  // Blocked tasks have not been finished and cannot progress; they wait like pending ones (only the agent writes this file).
  'blocked.json': 'pending',
  'completed.json': 'completed',
  'failed.json': 'failed',
  'dead-letter.json': 'failed',
} as const satisfies Record<string, TaskStatus>;

/** A queue file name the board reads. */
export type QueueFileName = keyof typeof QUEUE_FILE_STATUS;

/** Column of a markdown task by its directory (`queue/<dir>/<id>.md`, dashboard/server.py:2415-2437). */
export const MARKDOWN_DIR_STATUS = {
  pending: 'pending',
  active: 'in_progress',
  review: 'review',
  done: 'completed',
} as const satisfies Record<string, TaskStatus>;

/** A markdown task directory name. */
export type MarkdownDirName = keyof typeof MARKDOWN_DIR_STATUS;

/** Rank used to resolve one id found in several files: failed > completed > in_progress > review > pending (fixtures README). */
export const TASK_STATUS_RANK = {
  pending: 0,
  review: 1,
  in_progress: 2,
  completed: 3,
  failed: 4,
} as const satisfies Record<TaskStatus, number>;

/** TaskStatus → the task status of Loki's dashboard (its board has no failed column: failed shares `done`). */
export const TASK_STATUS_TO_LOKI = {
  pending: 'pending',
  in_progress: 'in_progress',
  review: 'review',
  completed: 'done',
  failed: 'done',
} as const satisfies Record<TaskStatus, string>;

/** How a runner status reads when the runner is alive and when it is gone. */
export interface RunnerStatusMeaning {
  /** Session status while a live runner process exists. */
  alive: SessionStatus;
  /** Session status once no live runner process exists. */
  dead: SessionStatus;
}

const limit: RunnerStatusMeaning = { alive: 'stopping', dead: 'stopped' };
const done: RunnerStatusMeaning = { alive: 'stopping', dead: 'completed' };
const broken: RunnerStatusMeaning = { alive: 'stopping', dead: 'failed' };

/**
 * Every `autonomy-state.json` `status` (contract §1.3). `exited` is written at the end of every iteration, so it means
 * "between iterations" while alive; a STOP also ends with `exited` (README point 7), hence `stopped` once dead. Limits
 * (iterations, duration, budget) are a deliberate stop, not a crash; gate and provider failures are failures.
 */
export const AUTONOMY_STATUS: Readonly<Record<string, RunnerStatusMeaning>> = {
  running: { alive: 'running', dead: 'stopped' },
  exited: { alive: 'running', dead: 'stopped' },
  paused: { alive: 'paused', dead: 'stopped' },
  interrupted: { alive: 'stopping', dead: 'stopped' },
  stopped: { alive: 'stopping', dead: 'stopped' },
  force_stopped: { alive: 'stopping', dead: 'stopped' },
  failed: broken,
  max_iterations_reached: limit,
  max_duration_reached: limit,
  budget_exceeded: limit,
  max_retries_exceeded: broken,
  council_approved: done,
  council_force_approved: done,
  deterministic_gates_passed: done,
  completion_promise_fulfilled: done,
  reuse_already_satisfied: done,
  policy_blocked: broken,
  inconclusive_spec_contradiction: broken,
  gate_stuck_mock_integrity: broken,
  gate_stuck_mutation_integrity: broken,
  gate_stuck_static_analysis: broken,
  provider_failure_no_mutation: broken,
  provider_deadline_no_mutation: broken,
  provider_deadline_partial_mutation: broken,
};

/**
 * SessionStatus → Loki's WebSocket `status_update.status`. Loki reports `stopped` as soon as the STOP file exists,
 * while the runner still finishes (dashboard/server.py), so `stopping` reads as `stopped` there too.
 */
export const SESSION_STATUS_TO_LOKI_WS = {
  idle: 'stopped',
  starting: 'running',
  running: 'running',
  paused: 'paused',
  stopping: 'stopped',
  stopped: 'stopped',
  completed: 'stopped',
  failed: 'stopped',
} as const satisfies Record<SessionStatus, 'running' | 'paused' | 'stopped'>;

/** Word priorities → TaskPriority. */
export const PRIORITY_WORDS: Readonly<Record<string, TaskPriority>> = {
  critical: 'critical',
  urgent: 'critical',
  blocker: 'critical',
  p0: 'critical',
  high: 'high',
  p1: 'high',
  medium: 'medium',
  normal: 'medium',
  med: 'medium',
  p2: 'medium',
  low: 'low',
  minor: 'low',
  p3: 'low',
};

/** Legacy numeric priority 1-10 (references/task-queue.md: 10 critical, 8-9 high, 5-7 normal, 1-4 low/background). */
export function numericPriority(n: number): TaskPriority {
  if (n >= 10) return 'critical';
  if (n >= 8) return 'high';
  if (n >= 5) return 'medium';
  return 'low';
}

/** `source` strings → canonical source names. */
export const SOURCE_NAMES: Readonly<Record<string, string>> = {
  prd: 'prd',
  iteration: 'iteration',
  claude_code_todowrite: 'todo',
  todowrite: 'todo',
  todo: 'todo',
  github: 'github',
  bmad: 'bmad',
  openspec: 'openspec',
  mirofish: 'mirofish',
  vscode: 'vscode',
  api: 'api',
  dashboard: 'api',
  cli: 'api',
  markdown: 'markdown',
  agent: 'agent',
  manual: 'agent',
};

function key(x: string): string {
  return x.trim().toLowerCase();
}

/** Own-property lookup: a value such as `constructor` must not hit Object.prototype. */
function lookup<V>(table: Readonly<Record<string, V>>, k: string): V | undefined {
  return Object.hasOwn(table, k) ? table[k] : undefined;
}

/** Looks `value` up in `table`; an unknown value is reported under `vocabulary` and yields `fallback`. */
function mapOr<V, F>(table: Readonly<Record<string, V>>, value: string, vocabulary: string, fallback: F, report?: ReportUnknown): V | F {
  const hit = lookup(table, key(value));
  if (hit) return hit;
  report?.(vocabulary, value);
  return fallback;
}

/** Maps a priority (word, numeric or numeric string); missing → medium, unknown → medium and reported. */
export function mapPriority(value: unknown, report?: ReportUnknown): TaskPriority {
  if (value === undefined || value === null || value === '') return 'medium';
  if (typeof value === 'number' && Number.isFinite(value)) return numericPriority(value);
  if (typeof value === 'string') {
    const k = key(value);
    const word = lookup(PRIORITY_WORDS, k);
    if (word) return word;
    if (/^\d+(\.\d+)?$/.test(k)) return numericPriority(Number(k));
    report?.('priority', value);
    return 'medium';
  }
  // Never String(value): an object's own toString may be anything (or not a function).
  report?.('priority', `(${typeof value})`);
  return 'medium';
}

/**
 * Canonical source of a queue record from its `source`, `type` and id. Iteration cards and TodoWrite mirrors are
 * recognised by type/id even without a source; records without any source were written by the agent.
 */
export function mapSource(rec: { source?: string; type?: string; id?: string }, report?: ReportUnknown): string {
  const type = rec.type ? key(rec.type) : '';
  if (type === 'iteration' || /^iteration-\d+$/.test(rec.id ?? '')) return 'iteration';
  if (type === 'todo') return 'todo';
  if (rec.source !== undefined && rec.source.trim() !== '') {
    const hit = lookup(SOURCE_NAMES, key(rec.source));
    if (hit) return hit;
    report?.('task source', rec.source);
    return 'agent';
  }
  if (/^github-\d+$/.test(rec.id ?? '')) return 'github';
  if (/^prd-\d+$/.test(rec.id ?? '')) return 'prd';
  return 'agent';
}

/** Meaning of an `autonomy-state.json` status; unknown values are reported and read as "running/stopped". */
export function mapAutonomyStatus(value: string, report?: ReportUnknown): RunnerStatusMeaning {
  return mapOr(AUTONOMY_STATUS, value, 'autonomy status', { alive: 'running', dead: 'stopped' }, report);
}

/** Column of a queue file by name, or undefined for files that are not task queues (current-task.json...). */
export function queueFileStatus(name: string): TaskStatus | undefined {
  return lookup<TaskStatus>(QUEUE_FILE_STATUS, name);
}

/** Column of a markdown task directory, or undefined. */
export function markdownDirStatus(dir: string): TaskStatus | undefined {
  return lookup<TaskStatus>(MARKDOWN_DIR_STATUS, dir);
}

/** RARV step of a Bun orchestrator phase (REASON/ACT/REFLECT/VERIFY → 0-3); null for any other phase. */
export function rarvStepOf(phase: string | null | undefined): number | null {
  if (!phase) return null;
  const i = ['REASON', 'ACT', 'REFLECT', 'VERIFY'].indexOf(phase.trim().toUpperCase());
  return i < 0 ? null : i;
}
