// Retry Task: a failed or dead-letter task goes back to pending the way Loki's dead-letter review says
// (references/task-queue.md: "move task back to pending with reset retries"), through the lock-safe queue writer.
import path from 'node:path';
import { ControlError, requireLokiDir } from './control';
import { isReadOnlyRecord, moveTask, readQueueFile } from './queueWriter';

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
/** Where a retryable task can be. */
const FAILED_FILES = ['failed.json', 'dead-letter.json'] as const;
/** Claim and back-off fields that would keep a retried task from being picked up again. */
const CLEARED_FIELDS = ['claimedBy', 'claimedAt', 'availableAt', 'completedAt', 'exitCode'] as const;

/**
 * Moves a failed or dead-letter task to `queue/pending.json` with `retries` reset to 0 and its claim and back-off
 * cleared (`lastError` is kept for whoever picks it up). Throws ControlError: not-found when no failed copy exists,
 * read-only for runner-owned cards.
 */
export async function retryTask(lokiDir: string, taskId: string): Promise<void> {
  await requireLokiDir(lokiDir);
  const queueDir = path.join(lokiDir, 'queue');
  let found: Record<string, unknown> | undefined;
  for (const name of FAILED_FILES) {
    const q = await readQueueFile(path.join(queueDir, name)).catch(() => null);
    const rec = q?.tasks.find(t => isRecord(t) && String(t.id) === taskId);
    if (isRecord(rec)) { found = rec; break; }
  }
  if (!found) throw new ControlError('not-found', `Task ${taskId} is not in failed.json or dead-letter.json (already retried?).`);
  if (isReadOnlyRecord(found)) throw new ControlError('read-only', `Task ${taskId} is an iteration card the runner owns; it retries by itself.`);
  // The move is the queue writer's (append to pending first, then remove from the others, each under its lock); the
  // reset happens in the pending write itself, so the runner never picks the task up with its old retries and claim.
  await moveTask(lokiDir, taskId, 'pending', {
    reshape: rec => {
      const next: Record<string, unknown> = { ...rec, status: 'pending', retries: 0 };
      for (const k of CLEARED_FIELDS) delete next[k];
      return next;
    },
  });
}
