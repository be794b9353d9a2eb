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

/** Where each id landed: its winning record and that record's position across all sources. */
export type BoardIndex = Map<string, { task: Task; order: number }>;

/**
 * Builds the columns. Within a column cards keep source order, then file order (stable): the runner appends, so that is
 * roughly chronological. Equal-rank duplicates keep the first record seen.
 */
export function buildBoard(sources: readonly BoardSource[]): Record<TaskStatus, Task[]> {
  return buildIndexedBoard(sources).columns;
}

/** `buildBoard` plus the id index the incremental diff looks tasks up in. */
export function buildIndexedBoard(sources: readonly BoardSource[]): { columns: Record<TaskStatus, Task[]>; index: BoardIndex } {
  const winners: BoardIndex = new Map();
  let order = 0;
  // Map iteration keeps first-insertion order, which is board order unless a later record displaced an earlier one.
  let displaced = false;
  for (const src of sources) {
    for (const task of src.tasks) {
      const prev = winners.get(task.id);
      if (!prev) winners.set(task.id, { task, order });
      else if (TASK_STATUS_RANK[task.status] > TASK_STATUS_RANK[prev.task.status]) {
        winners.set(task.id, { task, order });
        displaced = true;
      }
      order++;
    }
  }
  const columns = emptyColumns();
  const ordered = displaced ? [...winners.values()].sort((a, b) => a.order - b.order) : winners.values();
  for (const { task } of ordered) columns[task.status].push(task);
  return { columns, index: winners };
}
