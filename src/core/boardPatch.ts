// The board after a queue rewrite, patched instead of rebuilt: with 10,000 tasks a rebuild (one Map entry per task)
// was most of the derive work for a change of one task. A patch is only taken when the result is certain to equal
// `buildIndexedBoard`: every id was on the board once (so no duplicate can change its winner), only queue files
// changed, and their reader recorded what changed. Anything else returns null and the caller rebuilds.
import type { Task, TaskStatus } from './domain';
import { SOURCE_STRIDE, sameSource } from './parsers/board';
import type { BoardIndex, BoardSource } from './parsers/board';
import { recordedDelta } from './taskDelta';
import type { TaskArrayDelta } from './taskDelta';

/** The last build: its sources, columns and id index (the index is updated in place by a patch). */
export interface BoardState {
  sources: readonly BoardSource[];
  columns: Record<TaskStatus, Task[]>;
  index: BoardIndex;
}

/** A patched board: the new columns, the ids that may have changed and their index entries before and after. */
export interface BoardPatch {
  columns: Record<TaskStatus, Task[]>;
  changedIds: Set<string>;
  prevEntries: BoardIndex;
  nextEntries: BoardIndex;
}

interface Changed {
  at: number;
  delta: TaskArrayDelta;
}

/** The column a source's cards are in (every card of one file has that file's column); null when it has none. */
const statusOf = (tasks: readonly Task[]): TaskStatus | null => tasks[0]?.status ?? null;

/** Which sources changed and how; null when one changed in a way a patch cannot follow. */
function changedSources(prev: readonly BoardSource[], next: readonly BoardSource[]): Changed[] | null {
  if (prev.length !== next.length) return null;
  const out: Changed[] = [];
  for (const [at, src] of next.entries()) {
    const old = prev[at]!;
    if (old.file !== src.file) return null;
    if (sameSource(old, src)) continue;
    // A markdown source is one fresh task per derive: a changed one is not a recorded delta.
    if (src.file.endsWith('.md')) return null;
    const delta = recordedDelta(old.tasks, src.tasks);
    if (!delta) return null;
    const before = statusOf(old.tasks);
    const after = statusOf(src.tasks);
    if (before && after && before !== after) return null;
    out.push({ at, delta });
  }
  return out;
}

/**
 * Patches `state` (whose index holds every id once) to the board of `sources`; null when a rebuild is needed.
 * `cost` gives a new card its iteration figures (as `attachCardCosts` does). Updates `state.index` in place.
 */
export function patchBoard(state: BoardState, sources: readonly BoardSource[], cost: (t: Task) => Task): BoardPatch | null {
  const changed = changedSources(state.sources, sources);
  if (!changed || changed.length === 0) return null;
  const { index } = state;
  // Every check comes before the first change to the index.
  const removedIds = new Set<string>();
  for (const { delta } of changed) {
    for (const t of delta.removed) {
      if (!index.has(t.id) || removedIds.has(t.id)) return null;
      removedIds.add(t.id);
    }
  }
  const addedIds = new Set<string>();
  for (const { delta } of changed) {
    for (const t of delta.added) {
      if (addedIds.has(t.id) || (index.has(t.id) && !removedIds.has(t.id))) return null;
      addedIds.add(t.id);
    }
  }
  // The old columns must be the sources' cards in order (which a unique board guarantees): check the lengths.
  const affected = new Set<TaskStatus>();
  for (const { at } of changed) {
    const s = statusOf(state.sources[at]!.tasks) ?? statusOf(sources[at]!.tasks);
    if (s) affected.add(s);
  }
  for (const s of affected) {
    let n = 0;
    for (const src of state.sources) if (statusOf(src.tasks) === s) n += src.tasks.length;
    if (n !== state.columns[s].length) return null;
  }

  const changedIds = new Set([...removedIds, ...addedIds]);
  for (const { delta } of changed) for (const t of delta.reordered ?? []) changedIds.add(t.id);
  const prevEntries: BoardIndex = new Map();
  for (const id of changedIds) {
    const e = index.get(id);
    if (e) prevEntries.set(id, e);
  }
  for (const id of removedIds) if (!addedIds.has(id)) index.delete(id);

  // Each changed source: its unchanged head keeps its cards; from the first difference on, cards get their new
  // place (changed ids a fresh entry, so `prevEntries` keeps the old one).
  const segments = new Map<number, Task[]>();
  for (const { at } of changed) {
    const old = state.sources[at]!.tasks;
    const next = sources[at]!.tasks;
    let k = 0;
    while (k < next.length && k < old.length && next[k] === old[k]) k++;
    const tail: Task[] = [];
    for (; k < next.length; k++) {
      const t = next[k]!;
      const order = at * SOURCE_STRIDE + k;
      const e = index.get(t.id);
      if (changedIds.has(t.id)) {
        const entry = { task: addedIds.has(t.id) || !e ? cost(t) : e.task, order };
        index.set(t.id, entry);
        tail.push(entry.task);
      } else if (e) {
        e.order = order;
        tail.push(e.task);
      }
    }
    segments.set(at, tail);
  }

  // The new column: per source, its run of the old column (unchanged, or the changed one's unchanged head), then
  // the changed tail; joined by native slice and concat.
  const columns = { ...state.columns };
  for (const s of affected) {
    const was = state.columns[s];
    const pieces: Task[][] = [];
    let offset = 0;
    for (const [at, src] of state.sources.entries()) {
      const old = src.tasks;
      const next = sources[at]!.tasks;
      if (statusOf(old) !== s && statusOf(next) !== s) continue;
      const tail = segments.get(at);
      const keep = tail ? next.length - tail.length : old.length;
      if (keep > 0) pieces.push(was.slice(offset, offset + keep));
      if (tail?.length) pieces.push(tail);
      if (statusOf(old) === s) offset += old.length;
    }
    columns[s] = pieces.length === 1 ? pieces[0]! : ([] as Task[]).concat(...pieces);
  }
  const nextEntries: BoardIndex = new Map();
  for (const id of changedIds) {
    const e = index.get(id);
    if (e) nextEntries.set(id, e);
  }
  return { columns, changedIds, prevEntries, nextEntries };
}
