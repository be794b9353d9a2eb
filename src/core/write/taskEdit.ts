// Editing and deleting tasks the user added (API `PUT`/`DELETE /api/tasks/{id}`), with the queue writer's lock discipline.
import path from 'node:path';
import { ControlError, requireLokiDir } from './control';
import { QUEUE_FILES, readQueueFile, updateQueueFile } from './queueWriter';
import type { TaskPriority } from '../domain';

/** Fields a user may change on a task they own. */
export interface TaskPatch {
  title?: string;
  description?: string;
  priority?: TaskPriority;
}

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Ids the dashboard gives tasks it adds (`vscode-<epoch-ms>-<4 hex>`, see queueWriter.newTaskId). */
const USER_TASK_ID = /^vscode-\d+-[0-9a-f]{4}$/;

/**
 * Whether a queue record is the user's: one the dashboard added (its id form). Everything else (PRD stories,
 * iteration cards, TodoWrite mirrors, tasks the runner generated) is the runner's, which rewrites it.
 */
export function isUserOwnedRecord(r: Record<string, unknown>): boolean {
  return typeof r.id === 'string' && USER_TASK_ID.test(r.id);
}

/** Queue files that hold the record, and the first copy. */
async function locate(queueDir: string, taskId: string): Promise<{ holders: string[]; record: Record<string, unknown> } | null> {
  const holders: string[] = [];
  let record: Record<string, unknown> | undefined;
  for (const name of QUEUE_FILES) {
    const q = await readQueueFile(path.join(queueDir, name)).catch(() => null);
    const rec = q?.tasks.find(t => isRecord(t) && String(t.id) === taskId);
    if (isRecord(rec)) {
      holders.push(name);
      record ??= rec;
    }
  }
  return record ? { holders, record } : null;
}

async function requireOwned(lokiDir: string, taskId: string): Promise<{ queueDir: string; holders: string[] }> {
  await requireLokiDir(lokiDir);
  const queueDir = path.join(lokiDir, 'queue');
  const found = await locate(queueDir, taskId);
  if (!found) throw new ControlError('not-found', `No task ${taskId} in the queue files.`);
  if (!isUserOwnedRecord(found.record)) throw new ControlError('read-only', `Task ${taskId} is owned by the runner; only tasks you added can be changed.`);
  return { queueDir, holders: found.holders };
}

/** Applies `patch` to every copy of a user-owned task, each file under its own lock. */
export async function editTask(lokiDir: string, taskId: string, patch: TaskPatch): Promise<void> {
  if (patch.title !== undefined && !patch.title.trim()) throw new ControlError('invalid', 'A task needs a title.');
  const { queueDir, holders } = await requireOwned(lokiDir, taskId);
  const fields: Record<string, unknown> = {};
  if (patch.title !== undefined) fields.title = patch.title.trim();
  if (patch.description !== undefined) fields.description = patch.description;
  if (patch.priority !== undefined) fields.priority = patch.priority;
  for (const name of holders) {
    await updateQueueFile(path.join(queueDir, name), q => {
      q.tasks = q.tasks.map(t => (isRecord(t) && String(t.id) === taskId ? { ...t, ...fields } : t));
    });
  }
}

/** Removes a user-owned task from every queue file that holds it. */
export async function deleteTask(lokiDir: string, taskId: string): Promise<void> {
  const { queueDir, holders } = await requireOwned(lokiDir, taskId);
  for (const name of holders) {
    await updateQueueFile(path.join(queueDir, name), q => {
      q.tasks = q.tasks.filter(t => !(isRecord(t) && String(t.id) === taskId));
    });
  }
}
