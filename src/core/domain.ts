// The domain of the product: canonical vocabularies, the shapes the core derives from `.loki`, and the change
// events it emits. The webview bundles it next to protocol.ts, so it imports nothing but domainAttention.ts (the "Needs
// you" shapes, import-free too), which it re-exports: everyone imports the domain from this one module.
import type { AttentionFacts, MemoryInfo } from './domainAttention';

export * from './domainAttention';

// ---------------------------------------------------------------------------------------------
// Canonical vocabularies
// ---------------------------------------------------------------------------------------------

/** Canonical task statuses; they are exactly the board's columns, in display order. */
export const TASK_STATUSES = ['pending', 'in_progress', 'review', 'completed', 'failed'] as const;
/** A board column. Failed is its own column (Loki's own dashboard hides it inside Completed). */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Canonical session statuses. */
export const SESSION_STATUSES = ['idle', 'starting', 'running', 'paused', 'stopping', 'stopped', 'completed', 'failed'] as const;
/** Where a Loki session is in its life. */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Canonical task priorities (numeric 1-10 priorities of legacy records are mapped onto these). */
export const TASK_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
/** A task priority. */
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Canonical agent statuses. */
export type AgentStatus = 'active' | 'completed' | 'crashed';

/** Canonical log levels. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Providers Loki can drive. */
export const PROVIDERS = ['claude', 'codex', 'cline', 'aider', 'opencode'] as const;
/** A Loki provider. */
export type Provider = (typeof PROVIDERS)[number];

// ---------------------------------------------------------------------------------------------
// Domain shapes (what the core derives from `.loki`, what the store keeps, what the UI shows)
// ---------------------------------------------------------------------------------------------

/** A folder that contains (or will contain) a `.loki/` directory. `id` is a stable hash of `path`. */
export interface ProjectInfo {
  id: string;
  name: string;
  /** Absolute path of the folder that contains `.loki/`. */
  path: string;
}

/** One line of a task's own log (iteration cards carry these). */
export interface TaskLogLine {
  timestamp: string | null;
  level: LogLevel;
  message: string;
}

/** A card on the board. */
export interface Task {
  id: string;
  title: string;
  status: TaskStatus;
  priority: TaskPriority;
  /** Where the task came from: prd, iteration, todo, github, bmad, openspec, mirofish, vscode, api, agent, markdown... */
  source: string;
  /** Runner-owned cards (iteration cards, TodoWrite mirrors) cannot be moved by the user. */
  readOnly: boolean;
  /** `.loki`-relative file the winning record came from, e.g. `queue/pending.json`. */
  file: string;
  type?: string;
  description?: string;
  acceptanceCriteria?: string[];
  userStory?: string;
  notes?: string[];
  agent?: string;
  iteration?: number;
  phase?: string;
  provider?: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  exitCode?: number;
  costUsd?: number;
  tokens?: { input: number; output: number };
  /** Wall-clock time the task (iteration) took, when a record measured it. */
  durationMs?: number;
  /** Gate name -> pass/fail/not_run, when the files carry it. */
  gates?: Record<string, string>;
  logs?: TaskLogLine[];
  /** The record as found in the file (for the detail panel's "raw" tab). */
  raw?: unknown;
}

/** Budget as the runner reports it in `metrics/budget.json`. */
export interface BudgetInfo {
  limit: number | null;
  used: number | null;
  exceeded: boolean;
}

/** Token totals. */
export interface TokenInfo {
  input: number;
  output: number;
}

/** Control files present in `.loki/`. */
export interface ControlState {
  pause: boolean;
  stop: boolean;
  humanInput: boolean;
}

/** The current (or last) session of a project. */
export interface Session {
  /** Stable id: `<projectId>:<startedAt>` (or `<projectId>:current` before the runner wrote a start time). */
  id: string;
  projectId: string;
  status: SessionStatus;
  /** Open string: BOOTSTRAP, BUILDING, COMPLETED, FAILED, REASON..., SDLC names. */
  phase: string | null;
  /** From `autonomy-state.json` `iterationCount` (never from dashboard-state, which is frozen at 0). */
  iteration: number | null;
  provider: string | null;
  /** A live runner process was found (pid file, session.json or pids registry; contract §10). */
  alive: boolean;
  pid: number | null;
  startedAt: string | null;
  endedAt: string | null;
  tokens: TokenInfo | null;
  costUsd: number | null;
  budget: BudgetInfo | null;
  /** 0-3 (REASON/ACT/REFLECT/VERIFY) when known, else null. */
  rarvStep: number | null;
  /** `autonomy-state.json` status as written (e.g. `completion_promise_fulfilled`). */
  runnerStatus: string | null;
  /** `dashboard-state.json` mode: autonomous|paused|stopped. */
  mode: string | null;
  /** perpetual|checkpoint|supervised when known; PAUSE is ignored in perpetual runs. */
  autonomyMode: string | null;
  /** Percent of the context window in use, when the files carry it. */
  contextPct: number | null;
  /** `bash` or `bun` (the Bun runner writes far fewer files). */
  runner: 'bash' | 'bun';
  control: ControlState;
  /** Last time any state file was written (ms since epoch), for "stale" detection. */
  lastWriteAt: number | null;
  /** The task the runner is working on (`queue/current-task.json`), if any. */
  currentTaskId: string | null;
  prdPath: string | null;
}

/** An agent the runner reported in `state/agents.json`. `id` is the record's `tool_id` (unique; `agent_id` repeats). */
export interface Agent {
  id: string;
  projectId: string;
  sessionId: string;
  name: string;
  type: string;
  model: string | null;
  status: AgentStatus;
  currentTask: string | null;
  spawnedAt: string | null;
  completedAt: string | null;
  toolCount: number | null;
}

/** One log line, already decoded (Claude stream-json turned into readable text). */
export interface LogEntry {
  /** Per-project increasing sequence number (assigned by the core). */
  seq: number;
  projectId: string;
  timestamp: string | null;
  level: LogLevel;
  /** `.loki`-relative file it came from. */
  source: string;
  message: string;
}

/** A learning: global (`~/.loki/learnings`), per-project (`state/relevant-learnings.json`) or a learning signal. */
export interface Learning {
  id: string;
  /** null for global learnings not tied to a known project. */
  projectId: string | null;
  /** Project name as the learning names it (global learnings carry one). */
  projectName: string | null;
  category: string;
  text: string;
  timestamp: string | null;
  /** Where it came from, e.g. `~/.loki/learnings/patterns.jsonl` or `.loki/state/relevant-learnings.json`. */
  origin: string;
}

/** One record of `events.jsonl`, whichever of the four envelopes it used. */
export interface LokiEvent {
  timestamp: string | null;
  type: string;
  source: string | null;
  data: Record<string, unknown>;
}

/** A file the core could not read or parse. The last good value stays in use. */
export interface Problem {
  /** `.loki`-relative path (or absolute for files outside `.loki`). */
  file: string;
  message: string;
}

/** Quality information the runner writes, all optional. */
export interface QualityInfo {
  gates: Array<{ name: string; status: string; detail?: string }>;
  council: { enabled: boolean; approve: number; reject: number; verdicts: Array<{ iteration: number | null; result: string; approve: number; reject: number; timestamp: string | null }> } | null;
  checklist: { total: number; verified: number; failing: number; pending: number } | null;
  notifications: Array<{ id: string; severity: 'critical' | 'warning' | 'info'; message: string; timestamp: string | null; acknowledged: boolean }>;
}

/** Per-iteration efficiency record (`metrics/efficiency/iteration-N.json`). */
export interface IterationMetric {
  iteration: number;
  model: string | null;
  phase: string | null;
  status: string | null;
  durationMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Prompt-cache tokens (priced separately; part of Loki's "measured" rule). */
  cacheReadTokens?: number | null;
  cacheCreationTokens?: number | null;
  costUsd: number | null;
  timestamp: string | null;
}

/** A multi-repo app (`.loki/app.json`) and the watched projects that belong to it. */
export interface AppGroup {
  appId: string;
  /** Graph roots (parent folders) seen for this app; several in team mode. */
  roots: string[];
  /** Member folders as discovered (absolute, sorted). */
  members: string[];
  /** Watched projects whose folder resolves to this app, in project order. */
  projectIds: string[];
}

/** Everything the core knows about one project at one moment. */
export interface ProjectSnapshot {
  project: ProjectInfo;
  /** Per-project change counter; deltas carry the next numbers. */
  version: number;
  /** Whether `.loki/` currently exists. */
  hasLoki: boolean;
  session: Session;
  columns: Record<TaskStatus, Task[]>;
  agents: Agent[];
  learnings: Learning[];
  quality: QualityInfo;
  iterations: IterationMetric[];
  problems: Problem[];
  /** Inputs of the "Needs you" lane beyond the board (absent in snapshots built by older code). */
  facts?: AttentionFacts;
  /** `memory/` summary, null when the run keeps none. */
  memory?: MemoryInfo | null;
}

/** A past session kept in the store (History). */
export interface SessionSummary {
  id: string;
  projectId: string;
  status: SessionStatus;
  phase: string | null;
  iteration: number | null;
  provider: string | null;
  startedAt: string | null;
  endedAt: string | null;
  costUsd: number | null;
  taskCounts: Record<TaskStatus, number>;
}

// ---------------------------------------------------------------------------------------------
// Change events (core -> host -> webview and ws clients). Never the whole state per change.
// ---------------------------------------------------------------------------------------------

/** A typed change in one project, as the core emits it after reconciling files with the store. */
export type ProjectChange =
  | { kind: 'task/created'; task: Task }
  | { kind: 'task/updated'; task: Task }
  | { kind: 'task/moved'; task: Task; from: TaskStatus }
  | { kind: 'task/removed'; id: string; from: TaskStatus }
  | { kind: 'session/changed'; session: Session; fields: Array<keyof Session> }
  | { kind: 'agent/spawned'; agent: Agent }
  | { kind: 'agent/updated'; agent: Agent }
  | { kind: 'agent/completed'; agent: Agent }
  | { kind: 'log/entries'; entries: LogEntry[] }
  | { kind: 'learning/added'; learning: Learning }
  | { kind: 'event/appended'; event: LokiEvent }
  | { kind: 'quality/changed'; quality: QualityInfo }
  | { kind: 'iterations/changed'; iterations: IterationMetric[] }
  | { kind: 'problems/changed'; problems: Problem[] }
  | { kind: 'facts/changed'; facts: AttentionFacts }
  | { kind: 'memory/changed'; memory: MemoryInfo | null }
  | { kind: 'project/loki'; hasLoki: boolean };

/** A change with its project and version. Versions increase by exactly 1 per project: a gap means "ask for a snapshot". */
export interface ChangeEnvelope {
  projectId: string;
  version: number;
  /** ms since epoch when the core emitted it. */
  at: number;
  change: ProjectChange;
}

/** True when `x` is a task status. */
export function isTaskStatus(x: unknown): x is TaskStatus {
  return typeof x === 'string' && (TASK_STATUSES as readonly string[]).includes(x);
}

/** True when `x` is a task priority. */
export function isTaskPriority(x: unknown): x is TaskPriority {
  return typeof x === 'string' && (TASK_PRIORITIES as readonly string[]).includes(x);
}

/** An empty board. */
export function emptyColumns(): Record<TaskStatus, Task[]> {
  return { pending: [], in_progress: [], review: [], completed: [], failed: [] };
}

// ---------------------------------------------------------------------------------------------
// Checkpoints (state/checkpoints/, contract §1.7)
// ---------------------------------------------------------------------------------------------

/** A checkpoint the runner recorded after an iteration: `index.jsonl` merged with `cp-<iter>-<epoch>/metadata.json`. */
export interface CheckpointInfo {
  id: string;
  iteration: number | null;
  /** The task the checkpoint follows (`task_id`, e.g. `iteration-3` or a PRD task id). */
  taskId: string | null;
  task: string | null;
  timestamp: string | null;
  /** HEAD when the checkpoint was taken. */
  sha: string | null;
  /** `git stash create` snapshot of uncommitted tracked changes (`worktree-snapshot.txt`, `refs/loki/cp/<id>`). */
  snapshotSha: string | null;
  branch: string | null;
  phase: string | null;
  provider: string | null;
  /** The `cp-*` directory with its state copies exists (false: pruned, or only listed in the index). */
  hasState: boolean;
}

// ---------------------------------------------------------------------------------------------
// Insights (KPIs and per-iteration efficiency). Field names of KpiSnapshot are Loki's own
// (`loki report kpis --json`), so scripts written for Loki read ours unchanged.
// ---------------------------------------------------------------------------------------------

/** A KPI snapshot in Loki's shape (contract §8.1). `null` means "not measured", never 0. */
export interface KpiSnapshot {
  schema_version: 1;
  generated_at: string;
  loki_dir: string;
  efficiency: {
    iteration_count: number;
    total_cost_usd: number | null;
    avg_cost_per_iteration: number | null;
    total_input_tokens: number | null;
    total_output_tokens: number | null;
    total_duration_ms: number;
    avg_duration_ms_per_iteration: number | null;
    model_breakdown: Record<string, number>;
    phase_breakdown: Record<string, number>;
    status_breakdown: Record<string, number>;
  };
  accuracy: {
    council_rounds: number;
    unanimous_rate: number | null;
    approval_rate: number | null;
    iteration_success_rate: number | null;
  };
  /** Everything that could not be computed, in words. */
  notes: string[];
}

/** One iteration's figures (efficiency record joined with its iteration card). Unmeasured figures are null. */
export interface EfficiencyRow {
  iteration: number;
  phase: string | null;
  model: string | null;
  status: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  durationMs: number | null;
  startedAt: string | null;
  endedAt: string | null;
}

/** What the Insights tab shows for one project. */
export interface InsightsData {
  projectId: string;
  kpis: KpiSnapshot;
  rows: EfficiencyRow[];
  budget: BudgetInfo | null;
}

/** Formats `loki-dashboard export` (and the REST/VS Code export) writes, as Loki's `loki export` names them. */
export const EXPORT_FORMATS = ['json', 'markdown', 'csv', 'timeline'] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
