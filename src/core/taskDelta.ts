// Side tables that let the change path stay proportional to the change: a parser that knows which records of a
// file it replaced says so here, and the board says which ids a rebuild may have changed. Keyed weakly by the very
// arrays and column objects the snapshot carries, so nothing is kept alive and a consumer that never asks pays nothing.
import type { Task, TaskStatus } from './domain';
import type { BoardIndex } from './parsers/board';

/** What turned one task array of a file into the next. */
export interface TaskArrayDelta {
  prev: readonly Task[];
  /** Task objects in the next array that were not in `prev`. */
  added: readonly Task[];
  /** Task objects of `prev` that are not in the next array. */
  removed: readonly Task[];
  /**
   * Task objects kept from `prev` whose place among the others may have changed: when an id is listed twice, the
   * first record wins, so a reorder can change which record a card shows.
   */
  reordered?: readonly Task[];
}

const arrayDeltas = new WeakMap<readonly Task[], TaskArrayDelta>();

/** Records that `next` is `delta.prev` with `added` in and `removed` out (by object identity). */
export function recordArrayDelta(next: readonly Task[], delta: TaskArrayDelta): void {
  arrayDeltas.set(next, delta);
}

/** The delta recorded for `next`, when it was recorded against exactly `prev`. */
export function recordedDelta(prev: readonly Task[], next: readonly Task[]): TaskArrayDelta | undefined {
  const delta = arrayDeltas.get(next);
  return delta && delta.prev === prev ? delta : undefined;
}

/** Ids whose records differ between two arrays of one file: from the recorded delta, else by identity. */
export function changedIdsBetween(prev: readonly Task[], next: readonly Task[], into: Set<string>): void {
  const delta = arrayDeltas.get(next);
  if (delta && delta.prev === prev) {
    for (const t of delta.added) into.add(t.id);
    for (const t of delta.removed) into.add(t.id);
    if (delta.reordered) for (const t of delta.reordered) into.add(t.id);
    return;
  }
  const before = new Set(prev);
  const after = new Set(next);
  for (const t of next) if (!before.has(t)) into.add(t.id);
  for (const t of prev) if (!after.has(t)) into.add(t.id);
}

/** A board rebuilt from the previous one: the only ids whose card may differ, and both id indexes. */
export interface BoardTransition {
  from: Record<TaskStatus, Task[]>;
  prevIndex: BoardIndex;
  nextIndex: BoardIndex;
  changedIds: ReadonlySet<string>;
}

const transitions = new WeakMap<Record<TaskStatus, Task[]>, BoardTransition>();

/** Records how the columns `next` came from `t.from`. */
export function recordBoardTransition(next: Record<TaskStatus, Task[]>, t: BoardTransition): void {
  transitions.set(next, t);
}

/** The recorded transition `prev` → `next`, if the board recorded exactly that one. */
export function boardTransition(prev: Record<TaskStatus, Task[]>, next: Record<TaskStatus, Task[]>): BoardTransition | undefined {
  const t = transitions.get(next);
  return t && t.from === prev ? t : undefined;
}
