// Which checkpoint belongs to a card (pure, tested in Node).
import type { CheckpointInfo, Task } from '../../core/domain';

/** The checkpoint the runner took right after this task's iteration (`task_id` is `iteration-N` or `iteration-N-fail`). */
export function checkpointAfter(list: readonly CheckpointInfo[] | undefined, task: Pick<Task, 'id'>): CheckpointInfo | null {
  if (!list) return null;
  // The list is newest first; the first checkpoint naming the task is the oldest one, taken right after it.
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i]!;
    if (c.taskId === task.id || c.taskId === `${task.id}-fail`) return c;
  }
  return null;
}
