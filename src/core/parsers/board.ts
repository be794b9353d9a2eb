// The board: every queue file and markdown task merged, deduplicated by id. A record's column is the file it is in;
// one id in several files resolves to the highest of failed > completed > in_progress > review > pending.
import { emptyColumns } from '../domain';
import type { Task, TaskStatus } from '../domain';
import { TASK_STATUS_RANK } from '../statusVocabulary';

/** The tasks of one file, in file order. Sources are passed in a fixed order (queue files, then markdown dirs). */
export interface BoardSource {
  file: string;
  tasks: readonly Task[];
}

/** One file with the same task array (markdown sources are fresh one-task arrays on every derive: compare their task). */
export function sameSource(a: BoardSource, b: BoardSource): boolean {
  return a.file === b.file && (a.tasks === b.tasks || (a.file.endsWith('.md') && a.tasks.length === 1 && b.tasks.length === 1 && a.tasks[0] === b.tasks[0]));
}

/** Where each id landed: its winning record and that record's position across all sources. */
export type BoardIndex = Map<string, { task: Task; order: number }>;

/**
 * A record's `order` is its source's position times this plus its index in the file: so a patch that changes one
 * file re-numbers only that file's records.
 */
export const SOURCE_STRIDE = 2 ** 24;

/**
 * Builds the columns. Within a column cards keep source order, then file order (stable): the runner appends, so that is
 * roughly chronological. Equal-rank duplicates keep the first record seen.
 */
export function buildBoard(sources: readonly BoardSource[]): Record<TaskStatus, Task[]> {
  return buildIndexedBoard(sources).columns;
}

/**
 * `buildBoard` plus the id index the incremental diff looks tasks up in, and whether every id was listed once
 * (then a later change can be patched in, see `boardPatch.ts`).
 */
export function buildIndexedBoard(sources: readonly BoardSource[]): { columns: Record<TaskStatus, Task[]>; index: BoardIndex; unique: boolean } {
  const winners: BoardIndex = new Map();
  let records = 0;
  // Map iteration keeps first-insertion order, which is board order unless a later record displaced an earlier one.
  let displaced = false;
  for (let at = 0; at < sources.length; at++) {
    const src = sources[at]!;
    const base = at * SOURCE_STRIDE;
    for (let k = 0; k < src.tasks.length; k++) {
      const task = src.tasks[k]!;
      const prev = winners.get(task.id);
      if (!prev) winners.set(task.id, { task, order: base + k });
      else if (TASK_STATUS_RANK[task.status] > TASK_STATUS_RANK[prev.task.status]) {
        winners.set(task.id, { task, order: base + k });
        displaced = true;
      }
    }
    records += src.tasks.length;
  }
  const columns = emptyColumns();
  const ordered = displaced ? [...winners.values()].sort((a, b) => a.order - b.order) : winners.values();
  for (const { task } of ordered) columns[task.status].push(task);
  return { columns, index: winners, unique: winners.size === records };
}
