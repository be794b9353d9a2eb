// The webview's copy of the host's domain state, and the pure reducers that keep it current.
// Updates are immutable and keyed by id: a delta that touches one card copies one column, so
// unchanged columns, projects and agents keep their identity and memoized views skip them.
import type { HostMessage } from '../../core/protocol';
import type { Agent, AppGroup, ChangeEnvelope, LogEntry, ProjectInfo, ProjectSnapshot, SessionSummary, Task, TaskStatus } from '../../core/domain';
import { mergeLogs, appendLogs } from './logBuffer';

/** Domain state as the webview holds it. */
export interface DashboardState {
  /** Projects in the host's order. */
  projects: ProjectInfo[];
  snapshots: Readonly<Record<string, ProjectSnapshot>>;
  /** Log lines per project, oldest first. */
  logs: Readonly<Record<string, LogEntry[]>>;
  trusted: boolean;
  history: SessionSummary[];
  /** Multi-repo apps (`.loki/app.json`) of the projects. */
  apps: AppGroup[];
  activeProjectId: string | null;
  /** Projects shown read-only (team projects from a hub). */
  readOnly: string[];
  /** A snapshot has arrived at least once. */
  loaded: boolean;
  /** A version gap was seen: deltas are ignored until the next snapshot. */
  stale: boolean;
  /** Columns still streaming in (`tasks/chunk`): project id -> status -> the column's full length. */
  expected: Readonly<Record<string, Partial<Record<TaskStatus, number>>>>;
}

/** State before the first snapshot. */
export function initialState(): DashboardState {
  return { projects: [], snapshots: {}, logs: {}, trusted: false, history: [], apps: [], readOnly: [], activeProjectId: null, loaded: false, stale: false, expected: {} };
}

type SnapshotMessage = Extract<HostMessage, { type: 'state/snapshot' }>;

/** Replaces everything with a snapshot. Loaded log pages are kept when they connect to the new tail. */
export function applySnapshot(state: DashboardState, msg: SnapshotMessage): DashboardState {
  const snapshots: Record<string, ProjectSnapshot> = {};
  for (const s of msg.projects) snapshots[s.project.id] = s;
  const incoming: Record<string, LogEntry[]> = {};
  for (const e of msg.logs) (incoming[e.projectId] ??= []).push(e);
  const logs: Record<string, LogEntry[]> = {};
  for (const s of msg.projects) {
    const id = s.project.id;
    logs[id] = mergeLogs(state.logs[id] ?? [], incoming[id] ?? []);
  }
  return {
    projects: msg.projects.map(s => s.project),
    snapshots,
    logs,
    trusted: msg.trusted,
    history: msg.history,
    apps: msg.apps ?? [],
    readOnly: msg.readOnlyProjectIds ?? [],
    activeProjectId: msg.activeProjectId,
    loaded: true,
    stale: false,
    expected: msg.columnTotals ?? {},
  };
}

type ChunkMessage = Extract<HostMessage, { type: 'tasks/chunk' }>;

/**
 * Appends streamed cards to a column cut in the snapshot. A chunk of an older snapshot, or one already applied (a
 * snapshot sent again mid-stream), is skipped; one that would leave a hole marks the state stale.
 */
export function applyChunk(state: DashboardState, msg: ChunkMessage): DashboardState {
  const snap = state.snapshots[msg.projectId];
  if (state.stale || !snap || msg.version < snap.version) return state;
  const col = snap.columns[msg.status];
  if (msg.version > snap.version || msg.offset > col.length) return { ...state, stale: true };
  const fresh = msg.tasks.slice(col.length - msg.offset);
  let next = state;
  if (fresh.length) {
    const columns = { ...snap.columns, [msg.status]: [...col, ...fresh] };
    next = { ...state, snapshots: { ...state.snapshots, [msg.projectId]: { ...snap, columns } } };
  }
  return msg.last ? { ...next, expected: {} } : next;
}

/** Cards of these projects' columns still to stream in (0 once every column is whole). */
export function cardsToCome(state: DashboardState, projectIds: readonly string[], status?: TaskStatus): number {
  let n = 0;
  for (const id of projectIds) {
    const totals = state.expected[id];
    const snap = state.snapshots[id];
    if (!totals || !snap) continue;
    for (const [s, total] of Object.entries(totals) as Array<[TaskStatus, number]>) {
      if (status === undefined || s === status) n += Math.max(0, total - snap.columns[s].length);
    }
  }
  return n;
}

/**
 * Applies a batch of change envelopes. An envelope at or below the known version is a duplicate
 * (the snapshot already had it) and is skipped; one more than a single step ahead is a gap, which
 * marks the state stale so the caller asks for a snapshot.
 */
export function applyChanges(state: DashboardState, envelopes: readonly ChangeEnvelope[]): DashboardState {
  if (state.stale || envelopes.length === 0) return state;
  let snapshots: Record<string, ProjectSnapshot> = state.snapshots;
  let copied = false;
  // Log lines are gathered and appended once per project per batch: copying a 100,000-line
  // array for every log envelope would make a busy batch cost milliseconds per line.
  const newLogs = new Map<string, LogEntry[]>();
  let stale = false;
  for (const env of envelopes) {
    const snap = snapshots[env.projectId];
    if (!snap) { stale = true; break; }
    if (env.version <= snap.version) continue;
    if (env.version !== snap.version + 1) { stale = true; break; }
    if (!copied) { snapshots = { ...snapshots }; copied = true; }
    const change = env.change;
    if (change.kind === 'log/entries') {
      const acc = newLogs.get(env.projectId);
      if (acc) acc.push(...change.entries);
      else newLogs.set(env.projectId, change.entries.slice());
      snapshots[env.projectId] = { ...snap, version: env.version };
    } else {
      snapshots[env.projectId] = { ...applyProjectChange(snap, change), version: env.version };
    }
  }
  let logs = state.logs;
  if (newLogs.size) {
    const next: Record<string, LogEntry[]> = { ...logs };
    for (const [id, entries] of newLogs) next[id] = appendLogs(next[id] ?? [], entries);
    logs = next;
  }
  if (!copied && logs === state.logs && !stale) return state;
  return { ...state, snapshots, logs, stale: stale || state.stale };
}

function applyProjectChange(snap: ProjectSnapshot, change: ChangeEnvelope['change']): ProjectSnapshot {
  switch (change.kind) {
    case 'task/created':
    case 'task/updated':
    case 'task/moved':
      return { ...snap, columns: upsertTask(snap.columns, change.task, change.kind === 'task/moved' ? change.from : undefined) };
    case 'task/removed':
      return { ...snap, columns: removeTask(snap.columns, change.id, change.from) };
    case 'session/changed':
      return { ...snap, session: change.session };
    case 'agent/spawned':
    case 'agent/updated':
    case 'agent/completed':
      return { ...snap, agents: upsertById(snap.agents, change.agent) };
    case 'learning/added':
      return { ...snap, learnings: [...snap.learnings.filter(l => l.id !== change.learning.id), change.learning] };
    case 'quality/changed':
      return { ...snap, quality: change.quality };
    case 'iterations/changed':
      return { ...snap, iterations: change.iterations };
    case 'problems/changed':
      return { ...snap, problems: change.problems };
    case 'facts/changed':
      return { ...snap, facts: change.facts };
    case 'memory/changed':
      return { ...snap, memory: change.memory };
    case 'project/loki':
      return { ...snap, hasLoki: change.hasLoki };
    case 'event/appended':
    case 'log/entries':
      // Events have no view of their own; log lines are handled by the caller.
      return snap;
  }
}

type Columns = Record<TaskStatus, Task[]>;

/** Finds a task: first in the hinted column, then everywhere. */
function locate(columns: Columns, id: string, hint?: TaskStatus): { status: TaskStatus; index: number } | null {
  if (hint) {
    const i = columns[hint].findIndex(t => t.id === id);
    if (i >= 0) return { status: hint, index: i };
  }
  for (const status of Object.keys(columns) as TaskStatus[]) {
    if (status === hint) continue;
    const i = columns[status].findIndex(t => t.id === id);
    if (i >= 0) return { status, index: i };
  }
  return null;
}

/** Puts `task` in its status column: replaced in place when it stays, appended when it arrives. */
export function upsertTask(columns: Columns, task: Task, from?: TaskStatus): Columns {
  const at = locate(columns, task.id, from ?? task.status);
  if (at && at.status === task.status) {
    const col = columns[at.status].slice();
    col[at.index] = task;
    return { ...columns, [at.status]: col };
  }
  const next = { ...columns };
  if (at) next[at.status] = columns[at.status].filter((_, i) => i !== at.index);
  next[task.status] = [...columns[task.status], task];
  return next;
}

/** Removes a task by id (no-op when absent). */
export function removeTask(columns: Columns, id: string, from?: TaskStatus): Columns {
  const at = locate(columns, id, from);
  if (!at) return columns;
  return { ...columns, [at.status]: columns[at.status].filter((_, i) => i !== at.index) };
}

function upsertById(agents: Agent[], agent: Agent): Agent[] {
  const i = agents.findIndex(a => a.id === agent.id);
  if (i < 0) return [...agents, agent];
  const next = agents.slice();
  next[i] = agent;
  return next;
}

/** Log pages answered by the host are merged by sequence number. */
export function applyLogPage(state: DashboardState, projectId: string, entries: LogEntry[]): DashboardState {
  if (entries.length === 0) return state;
  return { ...state, logs: { ...state.logs, [projectId]: mergeLogs(state.logs[projectId] ?? [], entries) } };
}
