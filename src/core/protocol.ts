// The typed host <-> webview messages and their runtime guards. Imports only the domain types, so the webview
// bundle may take this file (and domain.ts) from core.
import type { AppGroup, AttentionAction, AttentionItem, ChangeEnvelope, CheckpointInfo, LogEntry, ProjectSnapshot, SessionSummary, Task, TaskPriority, TaskStatus } from './domain';
import { ATTENTION_ACTIONS, isTaskPriority, isTaskStatus } from './domain';

// ---------------------------------------------------------------------------------------------
// Host <-> webview protocol
// ---------------------------------------------------------------------------------------------

/** Errors cross the wire as values, never as throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Session controls the UI can ask for. */
export type SessionAction = 'start' | 'pause' | 'resume' | 'stop';

/** Messages the host sends to the webview. */
export type HostMessage =
  | {
      type: 'state/snapshot';
      projects: ProjectSnapshot[];
      /** The project the host suggests (active editor's project), or null. */
      activeProjectId: string | null;
      /** Latest log lines per project (the rest is paged with `logs/request`). */
      logs: LogEntry[];
      trusted: boolean;
      history: SessionSummary[];
      /** Multi-repo apps of the projects (absent from older hosts). */
      apps?: AppGroup[];
      /** Projects shown read-only whatever the trust: team projects from a connected hub (absent: none). */
      readOnlyProjectIds?: string[];
      /**
       * Columns sent cut to their first cards: project id -> status -> the column's full length. The rest follows
       * in `tasks/chunk` messages before any delta (absent when every column is whole).
       */
      columnTotals?: Record<string, Partial<Record<TaskStatus, number>>>;
    }
  /** More cards of a column cut in a snapshot (`version` is its version), in board order, from index `offset` on. */
  | { type: 'tasks/chunk'; projectId: string; version: number; status: TaskStatus; offset: number; tasks: Task[]; last: boolean }
  | { type: 'state/delta'; changes: ChangeEnvelope[] }
  | { type: 'trust/changed'; trusted: boolean }
  | { type: 'logs/page'; requestId: number; projectId: string; entries: LogEntry[]; hasMore: boolean }
  | { type: 'reply'; requestId: number; result: Result<unknown> }
  /** Asks the dashboard to show one project (e.g. "Open Dashboard" on a project row). */
  | { type: 'project/focus'; projectId: string }
  /** Every "Needs you" item, most urgent first (sent with each snapshot and whenever the list changes; it is small). */
  | { type: 'attention/items'; items: AttentionItem[] }
  /** The checkpoints of one project, newest first (sent with every snapshot and when they change). */
  | { type: 'checkpoints/list'; projectId: string; checkpoints: CheckpointInfo[] };

/** What the dashboard can ask about a checkpoint; the host runs the matching command (its own confirmation included). */
export type CheckpointAction = 'compare' | 'openFiles' | 'rollback' | 'rollbackBeforeTask' | 'undo';
const CHECKPOINT_ACTIONS: readonly string[] = ['compare', 'openFiles', 'rollback', 'rollbackBeforeTask', 'undo'];

/** Messages the webview sends to the host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'snapshot/request' }
  /** A `tasks/chunk` was applied and rendered: the host sends the next one (the board stays responsive meanwhile). */
  | { type: 'tasks/received' }
  | { type: 'task/move'; requestId: number; projectId: string; taskId: string; to: TaskStatus }
  | { type: 'task/add'; requestId: number; projectId: string; title: string; description: string; priority: TaskPriority }
  | { type: 'session/control'; requestId: number; projectId: string; action: SessionAction }
  | { type: 'session/input'; requestId: number; projectId: string; text: string }
  | { type: 'logs/request'; requestId: number; projectId: string; beforeSeq: number | null; limit: number }
  | { type: 'file/open'; projectId: string; file: string }
  | { type: 'command/run'; command: DashboardCommand; projectId?: string }
  /** Asks for the Insights of one project; the reply's value is an InsightsData. */
  | { type: 'insights/request'; requestId: number; projectId: string }
  /** Runs one of an attention item's actions; the host looks the item up (the webview names no file or task). */
  | { type: 'attention/act'; requestId: number; itemId: string; action: AttentionAction }
  | { type: 'checkpoint/run'; projectId: string; action: CheckpointAction; checkpointId: string | null; taskId: string | null };

/** Host commands the dashboard may run (the ones taking a project get `projectId`). */
export type DashboardCommand = 'startDemo' | 'addProject' | 'showLog' | 'exportSession' | 'showKpis';
const DASHBOARD_COMMANDS: readonly string[] = ['startDemo', 'addProject', 'showLog', 'exportSession', 'showKpis'];

/** Exhaustiveness helper for `switch (msg.type)`. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown, max = 100_000): x is string => typeof x === 'string' && x.length <= max;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** Runtime guard for anything arriving from the webview: the host trusts nothing it did not check. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObj(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'ready':
    case 'snapshot/request':
    case 'tasks/received':
      return true;
    case 'task/move':
      return isInt(x.requestId) && isStr(x.projectId, 200) && isStr(x.taskId, 1000) && isTaskStatus(x.to);
    case 'task/add':
      return isInt(x.requestId) && isStr(x.projectId, 200) && isStr(x.title, 1000) && x.title.trim() !== '' && isStr(x.description) && isTaskPriority(x.priority);
    case 'session/control':
      return isInt(x.requestId) && isStr(x.projectId, 200) && (x.action === 'start' || x.action === 'pause' || x.action === 'resume' || x.action === 'stop');
    case 'session/input':
      return isInt(x.requestId) && isStr(x.projectId, 200) && isStr(x.text, 1_048_576);
    case 'logs/request':
      return isInt(x.requestId) && isStr(x.projectId, 200) && (x.beforeSeq === null || isInt(x.beforeSeq)) && isInt(x.limit) && x.limit > 0 && x.limit <= 5000;
    case 'file/open':
      return isStr(x.projectId, 200) && isStr(x.file, 4096);
    case 'command/run':
      return typeof x.command === 'string' && DASHBOARD_COMMANDS.includes(x.command) && (x.projectId === undefined || isStr(x.projectId, 200));
    case 'insights/request':
      return isInt(x.requestId) && isStr(x.projectId, 200);
    case 'attention/act':
      return isInt(x.requestId) && isStr(x.itemId, 2000) && typeof x.action === 'string' && (ATTENTION_ACTIONS as readonly string[]).includes(x.action);
    case 'checkpoint/run':
      return isStr(x.projectId, 200) && typeof x.action === 'string' && CHECKPOINT_ACTIONS.includes(x.action)
        && (x.checkpointId === null || (isStr(x.checkpointId, 200) && /^[A-Za-z0-9_-]+$/.test(x.checkpointId))) && (x.taskId === null || isStr(x.taskId, 1000));
    default:
      return false;
  }
}

/** Runtime guard for anything arriving from the host (the webview checks too: cheap and catches version skew). */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObj(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'state/snapshot':
      return Array.isArray(x.projects) && Array.isArray(x.logs) && typeof x.trusted === 'boolean' && Array.isArray(x.history) && (x.apps === undefined || Array.isArray(x.apps))
        && (x.readOnlyProjectIds === undefined || (Array.isArray(x.readOnlyProjectIds) && x.readOnlyProjectIds.every(id => typeof id === 'string')))
        && (x.columnTotals === undefined || isObj(x.columnTotals));
    case 'tasks/chunk':
      return isStr(x.projectId, 200) && isInt(x.version) && isTaskStatus(x.status) && isInt(x.offset) && x.offset >= 0 && Array.isArray(x.tasks) && typeof x.last === 'boolean';
    case 'state/delta':
      return Array.isArray(x.changes);
    case 'trust/changed':
      return typeof x.trusted === 'boolean';
    case 'logs/page':
      return isInt(x.requestId) && isStr(x.projectId, 200) && Array.isArray(x.entries);
    case 'reply':
      return isInt(x.requestId) && isObj(x.result) && typeof x.result.ok === 'boolean';
    case 'project/focus':
      return isStr(x.projectId, 200);
    case 'attention/items':
      return Array.isArray(x.items);
    case 'checkpoints/list':
      return isStr(x.projectId, 200) && Array.isArray(x.checkpoints);
    default:
      return false;
  }
}
