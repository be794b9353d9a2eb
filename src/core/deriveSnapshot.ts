// The project's state derived from the file cache. Pure: the same cached values give the same snapshot. The only
// memory it keeps is the board's last inputs and result, so a change that touched no task file hands the diff the
// very same columns object (which it then skips whole).
import * as nodePath from 'node:path';
import { decideLiveness } from './liveness';
import type { Agent, BudgetInfo, IterationMetric, Learning, MemoryInfo, Problem, ProjectInfo, QualityInfo, Task, TaskStatus } from './domain';
import { buildAttentionFacts } from './attention/facts';
import type { FactEntry } from './attention/facts';
import { attachCardCosts, costedCard, iterationsByNumber } from './insights/cardCosts';
import { patchBoard } from './boardPatch';
import type { Continuity } from './parsers/continuity';
import { memoryInfoFrom } from './parsers/memory';
import type { MemoryIndex, MemoryTimeline } from './parsers/memory';
import { buildIndexedBoard, sameSource } from './parsers/board';
import type { BoardIndex, BoardSource } from './parsers/board';
import type { FileKind } from './parsers/lokiPaths';
import type { AutonomyState } from './parsers/autonomyState';
import type { CurrentTask } from './parsers/currentTask';
import type { DashboardState } from './parsers/dashboardState';
import type { OrchestratorState } from './parsers/orchestrator';
import { deriveSession } from './parsers/session';
import type { TrackingFigures } from './parsers/session';
import type { PidRecord, SessionJson } from './parsers/sessionFiles';
import { MARKDOWN_DIR_STATUS, QUEUE_FILE_STATUS } from './statusVocabulary';
import type { ReportUnknown } from './statusVocabulary';
import type { DerivedSnapshot } from './snapshotDiff';
import { changedIdsBetween, recordBoardTransition } from './taskDelta';

/** One cached file: its kind, last good parsed value and mtime. */
export interface CachedFile {
  kind: FileKind;
  value: unknown;
  mtimeMs: number;
}

/** What the derivation reads: the file cache of one project and the few facts kept beside it. */
export interface SnapshotInputs {
  project: ProjectInfo;
  hasLoki: boolean;
  /** `.loki`-relative path → cached file. */
  files: ReadonlyMap<string, CachedFile>;
  /** Control files present now (`.loki`-relative) → mtime. */
  control: ReadonlyMap<string, number>;
  /** The current session's agents as remembered across `[]` flips. */
  agents: (sessionId: string) => Agent[];
  /** Global learnings matching these project names. */
  globalLearnings: (projectNames: readonly string[], projectId: string) => Learning[];
  problems: Problem[];
  /** The cached files the attention facts are built from. */
  factEntries: () => Iterable<FactEntry>;
  /** When PAUSE_AT_CHECKPOINT was last seen (the runner turns it into PAUSE). */
  checkpointRequestedAt: number | null;
  /** The last session_start/session_end in events.jsonl was a session_end. */
  sessionEnded: boolean;
  isPidAlive: (pid: number) => boolean;
  now: number;
  report: ReportUnknown;
}

/** The board's last inputs and columns; reused while no task file changed. */
export interface BoardMemo {
  sources: BoardSource[];
  columns: Record<TaskStatus, Task[]>;
  index: BoardIndex;
  /** The iteration metrics whose figures the iteration cards carry. */
  iterations: readonly IterationMetric[];
  /** Every id was listed once in the last build (so a queue rewrite can be patched in). */
  unique?: boolean;
}

function value<T>(files: ReadonlyMap<string, CachedFile>, rel: string): T | null {
  const e = files.get(rel);
  return e ? (e.value as T) : null;
}

function valuesOf<T>(files: ReadonlyMap<string, CachedFile>, kind: FileKind): T[] {
  const out: T[] = [];
  for (const e of files.values()) if (e.kind === kind) out.push(e.value as T);
  return out;
}

/** Queue files in their fixed order, then markdown tasks per directory by file name. */
function boardSources(files: ReadonlyMap<string, CachedFile>): BoardSource[] {
  const sources: BoardSource[] = [];
  for (const name of Object.keys(QUEUE_FILE_STATUS)) {
    const tasks = value<Task[]>(files, `queue/${name}`);
    if (tasks) sources.push({ file: `queue/${name}`, tasks });
  }
  const markdown = [...files.entries()].filter(([, e]) => e.kind === 'markdownTask');
  if (markdown.length === 0) return sources;
  for (const dir of Object.keys(MARKDOWN_DIR_STATUS)) {
    for (const [rel, e] of markdown.filter(([r]) => r.startsWith(`queue/${dir}/`)).sort(([a], [b]) => a.localeCompare(b))) {
      sources.push({ file: rel, tasks: [e.value as Task] });
    }
  }
  return sources;
}

/** Same files with the same task arrays. */
function sameSources(a: readonly BoardSource[], b: readonly BoardSource[]): boolean {
  return a.length === b.length && a.every((s, i) => sameSource(s, b[i]!));
}

/** Ids whose records differ between two source lists (by file; a file that came or went counts whole). */
function changedIds(prev: readonly BoardSource[], next: readonly BoardSource[]): Set<string> {
  const out = new Set<string>();
  const before = new Map(prev.map(s => [s.file, s.tasks]));
  const after = new Map(next.map(s => [s.file, s.tasks]));
  for (const [file, tasks] of after) {
    const old = before.get(file);
    if (old === tasks || (old && old.length === tasks.length && old.every((t, i) => t === tasks[i]))) continue;
    if (old) changedIdsBetween(old, tasks, out);
    else for (const t of tasks) out.add(t.id);
  }
  for (const [file, tasks] of before) if (!after.has(file)) for (const t of tasks) out.add(t.id);
  return out;
}

/**
 * The columns, rebuilt only when a task source changed since `memo` (which is updated). A rebuild also records
 * which ids it may have changed, so the diff looks at those cards only.
 */
export function boardOf(files: ReadonlyMap<string, CachedFile>, iterations: readonly IterationMetric[], memo?: BoardMemo): Record<TaskStatus, Task[]> {
  const sources = boardSources(files);
  const sameIterations = memo !== undefined && memo.iterations.length === iterations.length && memo.iterations.every((m, i) => m === iterations[i]);
  if (memo && sameIterations && sameSources(memo.sources, sources)) return memo.columns;
  if (memo?.unique && sameIterations) {
    const byIteration = iterationsByNumber(iterations);
    const patch = patchBoard(memo, sources, t => costedCard(t, byIteration));
    if (patch) {
      recordBoardTransition(patch.columns, { from: memo.columns, prevIndex: patch.prevEntries, nextIndex: patch.nextEntries, changedIds: patch.changedIds });
      memo.sources = sources;
      memo.columns = patch.columns;
      return patch.columns;
    }
  }
  const built = buildIndexedBoard(sources);
  const { index } = built;
  const columns = attachCardCosts(built.columns, iterations);
  if (columns !== built.columns) {
    // Costed iteration cards are copies: the index must hold what the columns hold.
    for (const list of Object.values(columns)) for (const t of list) { const e = index.get(t.id); if (e && e.task !== t) e.task = t; }
  }
  if (memo) {
    const changed = changedIds(memo.sources, sources);
    // New figures change the iteration cards even when no task file did.
    if (!sameIterations) for (const { task } of index.values()) if (task.source === 'iteration') changed.add(task.id);
    // The index is patched in place later: the transition keeps its own entries of the ids it names.
    const nextIndex: BoardIndex = new Map();
    for (const id of changed) {
      const e = index.get(id);
      if (e) nextIndex.set(id, e);
    }
    recordBoardTransition(columns, { from: memo.columns, prevIndex: memo.index, nextIndex, changedIds: changed });
    memo.sources = sources;
    memo.columns = columns;
    memo.index = index;
    memo.iterations = iterations;
    memo.unique = built.unique;
  }
  return columns;
}

/** Project learnings (relevant-learnings, then signals by file name), then the global ones. */
function learningsOf(inputs: SnapshotInputs): Learning[] {
  const { files, project } = inputs;
  const out: Learning[] = [...(value<Learning[]>(files, 'state/relevant-learnings.json') ?? [])];
  const signals = [...files.entries()].filter(([, e]) => e.kind === 'learningSignal').sort(([a], [b]) => a.localeCompare(b));
  for (const [, e] of signals) out.push(e.value as Learning);
  const folder = nodePath.basename(project.path);
  return out.concat(inputs.globalLearnings([project.name, folder], project.id));
}

function lastWriteAt(inputs: SnapshotInputs): number | null {
  let newest: number | null = null;
  for (const e of inputs.files.values()) if (newest === null || e.mtimeMs > newest) newest = e.mtimeMs;
  for (const m of inputs.control.values()) if (newest === null || m > newest) newest = m;
  return newest;
}

/** The derived state of one project from its cached files (no version: the monitor owns versions). */
export function deriveSnapshot(inputs: SnapshotInputs, memo?: BoardMemo): DerivedSnapshot {
  const { files, project } = inputs;
  const orchestrator = value<OrchestratorState>(files, 'state/orchestrator.json');
  const dashboard = value<DashboardState>(files, 'dashboard-state.json');
  const sessionJson = value<SessionJson>(files, 'session.json');
  const iterations = valuesOf<IterationMetric>(files, 'iterationMetric').sort((a, b) => a.iteration - b.iteration);
  const liveness = decideLiveness(
    {
      lokiPid: value<number>(files, 'loki.pid'),
      sessionPids: valuesOf<number>(files, 'sessionPid'),
      sessionJson,
      pidRecords: valuesOf<PidRecord>(files, 'pidRecord'),
    },
    inputs.isPidAlive,
    inputs.now,
  );
  const session = deriveSession({
    projectId: project.id,
    hasLoki: inputs.hasLoki,
    liveness,
    control: new Set(inputs.control.keys()),
    autonomy: value<AutonomyState>(files, 'autonomy-state.json'),
    orchestrator,
    dashboard,
    sessionJson,
    runner: value<'bash' | 'bun'>(files, 'runner-route') ?? 'bash',
    providerFile: value<string>(files, 'state/cli-provider') ?? value<string>(files, 'state/provider'),
    tracking: value<TrackingFigures>(files, 'context/tracking.json'),
    budget: value<BudgetInfo>(files, 'metrics/budget.json'),
    iterations,
    currentTask: value<CurrentTask | null>(files, 'queue/current-task.json'),
    continuityRarv: value<Continuity>(files, 'CONTINUITY.md')?.rarvStep ?? null,
    lastWriteAt: lastWriteAt(inputs),
    report: inputs.report,
  });
  return {
    project,
    hasLoki: inputs.hasLoki,
    session,
    columns: boardOf(files, iterations, memo),
    agents: inputs.agents(session.id),
    learnings: learningsOf(inputs),
    quality: {
      gates: value<QualityInfo['gates']>(files, 'state/quality-gates.json') ?? [],
      council: value<QualityInfo['council']>(files, 'council/state.json'),
      checklist: value<QualityInfo['checklist']>(files, 'checklist/verification-results.json') ?? dashboard?.checklist ?? null,
      notifications: value<QualityInfo['notifications']>(files, 'notifications/active.json') ?? [],
    },
    iterations,
    problems: inputs.problems,
    facts: buildAttentionFacts(inputs.factEntries(), {
      control: inputs.control, checkpointRequestedAt: inputs.checkpointRequestedAt, sessionEnded: inputs.sessionEnded,
    }),
    memory: memoryInfoFrom(
      value<MemoryIndex>(files, 'memory/index.json'),
      value<MemoryTimeline>(files, 'memory/timeline.json'),
      value<MemoryInfo['economics']>(files, 'memory/token_economics.json'),
    ),
  };
}
