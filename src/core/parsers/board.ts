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

/**
 * Builds the columns. Within a column cards keep source order, then file order (stable): the runner appends, so that is
 * roughly chronological. Equal-rank duplicates keep the first record seen.
 */
export function buildBoard(sources: readonly BoardSource[]): Record<TaskStatus, Task[]> {
  const winners = new Map<string, { task: Task; order: number }>();
  let order = 0;
  for (const src of sources) {
    for (const task of src.tasks) {
      const prev = winners.get(task.id);
      if (!prev || TASK_STATUS_RANK[task.status] > TASK_STATUS_RANK[prev.task.status]) winners.set(task.id, { task, order });
      order++;
    }
  }
  const columns = emptyColumns();
  for (const { task } of [...winners.values()].sort((a, b) => a.order - b.order)) columns[task.status].push(task);
  return columns;
}
