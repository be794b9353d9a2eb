// Writes queue files the way the runner does (contract §3.1): mkdir lock, re-read inside the lock, atomic rename,
// and the file's shape (bare array or {"tasks": [...]}) preserved.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { ControlError, isoSeconds, requireLokiDir } from './control';
import { withMkdirLock, withMkdirLocks } from './mkdirLock';
import { removeWriteLeftoversOnce } from './leftovers';
import { writableDir } from './confineWrite';
import { readConfinedText } from '../confinedFile';
import { safeString } from '../parsers/parseResult';
import type { MkdirLockOptions } from './mkdirLock';
import type { TaskPriority, TaskStatus } from '../domain';

/** A task the user adds. */
export interface NewTask {
  title: string;
  description: string;
  priority: TaskPriority;
  /** Defaults to `vscode`. */
  source?: string;
}

/** A queue file as read: its records and how to write it back in the same shape. */
export interface QueueFile {
  /** `array` for `[...]`, `wrapper` for `{"tasks": [...]}` (other keys of the wrapper are kept). */
  shape: 'array' | 'wrapper';
  tasks: unknown[];
  wrapper?: Record<string, unknown>;
}

/** The JSON queue file each board column writes to. */
export const QUEUE_FILE_FOR: Record<TaskStatus, string> = {
  pending: 'pending.json',
  in_progress: 'in-progress.json',
  review: 'review.json',
  completed: 'completed.json',
  failed: 'failed.json',
};

/** Every JSON queue file a record can live in (dead-letter counts as failed on the board). */
export const QUEUE_FILES = ['pending.json', 'in-progress.json', 'review.json', 'completed.json', 'failed.json', 'dead-letter.json'] as const;

/** Markdown task folders under `queue/`, per column. Failed has none: see moveTask. */
const MARKDOWN_DIR_FOR: Partial<Record<TaskStatus, string>> = { pending: 'pending', in_progress: 'active', review: 'review', completed: 'done' };
const MARKDOWN_DIRS = ['pending', 'active', 'review', 'done'];

/** Lock target of a queue file: `.pending.lock`, `.in-progress.lock` as the runner names them, `.<name>.lock` for the rest. */
export function lockTargetFor(queueFile: string): string {
  const dir = path.dirname(queueFile);
  return path.join(dir, `.${path.basename(queueFile, '.json')}.lock`);
}

/** Largest queue file a writer reads back (the reader's whole-file cap). */
export const MAX_QUEUE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a queue file. Missing or empty → an empty bare array (what the runner initialises). Malformed JSON or a value
 * that is neither an array nor an object with a `tasks` array → ControlError('invalid'), so nobody overwrites it.
 */
export async function readQueueFile(file: string): Promise<QueueFile> {
  const read = await readConfinedText(file, MAX_QUEUE_FILE_BYTES);
  if (!read.ok) {
    if (read.reason === 'missing') return { shape: 'array', tasks: [] };
    throw new ControlError(read.reason === 'outside-project' ? 'outside-project' : read.reason === 'too-large' ? 'too-large' : 'io', `Could not read ${path.basename(file)}: ${read.message}; it was left untouched.`);
  }
  const text = read.text;
  if (!text.trim()) return { shape: 'array', tasks: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ControlError('invalid', `${path.basename(file)} is not valid JSON${err instanceof RangeError ? ' (nested too deeply)' : ''}; fix or remove it first, it was left untouched.`);
  }
  if (Array.isArray(value)) return { shape: 'array', tasks: value };
  if (value && typeof value === 'object') {
    const wrapper = value as Record<string, unknown>;
    const tasks = wrapper.tasks ?? [];
    if (Array.isArray(tasks)) return { shape: 'wrapper', tasks, wrapper };
  }
  throw new ControlError('invalid', `${path.basename(file)} is neither a task list nor {"tasks": [...]}; it was left untouched.`);
}

/** Serialises a queue file in the shape it was read in. */
export function serializeQueueFile(q: QueueFile): string {
  const value = q.shape === 'wrapper' ? { ...(q.wrapper ?? {}), tasks: q.tasks } : q.tasks;
  return JSON.stringify(value, null, 2) + '\n';
}

/** Read-modify-write of one queue file under its mkdir lock, with the re-read inside the lock so concurrent writers never lose records. */
export async function updateQueueFile<T>(file: string, update: (q: QueueFile) => T | Promise<T>, lockOpts?: MkdirLockOptions): Promise<T> {
  await removeWriteLeftoversOnce(path.dirname(file));
  return withMkdirLock(lockTargetFor(file), () => rewriteQueueFile(file, update), lockOpts);
}

/** Read-modify-write of one queue file; the caller holds its lock. */
async function rewriteQueueFile<T>(file: string, update: (q: QueueFile) => T | Promise<T>): Promise<T> {
  const q = await readQueueFile(file);
  const result = await update(q);
  await writeFileAtomic(file, serializeQueueFile(q));
  return result;
}

/** Unique id for a user-added task: `vscode-<epoch-ms>-<4 hex>`. */
export function newTaskId(now = Date.now()): string {
  return `vscode-${now}-${randomBytes(2).toString('hex')}`;
}

/** Appends a task to `queue/pending.json` under `queue/.pending.lock`; returns its new id (`vscode-<ms>-<hex>`). */
export async function addTask(lokiDir: string, task: NewTask): Promise<string> {
  await requireLokiDir(lokiDir);
  const title = task.title.trim();
  if (!title) throw new ControlError('invalid', 'A task needs a title.');
  const queueDir = await writableDir(lokiDir, 'queue', true);
  const id = newTaskId();
  const record = {
    id,
    title,
    description: task.description,
    priority: task.priority,
    status: 'pending',
    source: task.source ?? 'vscode',
    createdAt: isoSeconds(new Date()),
  };
  await updateQueueFile(path.join(queueDir, 'pending.json'), q => { q.tasks.push(record); });
  return id;
}

/** Records the runner owns: iteration cards and TodoWrite mirrors are rewritten by it, so user moves would be lost. */
export function isReadOnlyRecord(r: Record<string, unknown>): boolean {
  return /^iteration-\d+$/.test((typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : '')) || r.type === 'iteration' || r.type === 'todo' || r.source === 'claude_code_todowrite';
}

const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Options of {@link moveTask}. */
export interface MoveOptions {
  /**
   * Rewrites the record as it lands in the target file, in the same write (Retry Task resets `retries` there, so a
   * runner never sees the task pending with its old retry count).
   */
  reshape?: (record: Record<string, unknown>) => Record<string, unknown>;
  /** How long to wait for the queue files' locks (default: the lock's own, 10 s). */
  lockTimeoutMs?: number;
}

/**
 * Moves a user-movable task to the queue file of `to` (removing it from wherever it is). Throws ControlError on failure.
 * JSON records: every copy is found across the queue files (both shapes); the record (status set to `to`) is first
 * appended to the target file, then removed from the others, each file under its own lock — so a crash in between
 * leaves a duplicate, never a lost task. Markdown tasks (`queue/{pending,active,review,done}/<id>.md`) are renamed
 * between folders; moving one to failed is refused because there is no folder for it and `done/` would read as completed.
 */
export async function moveTask(lokiDir: string, taskId: string, to: TaskStatus, opts: MoveOptions = {}): Promise<void> {
  await requireLokiDir(lokiDir);
  const queueDir = await writableDir(lokiDir, 'queue').catch((err: unknown) => {
    throw ControlError.is(err) && err.reason === 'no-loki' ? new ControlError('not-found', `Task ${taskId} was not found: there is no queue folder.`) : err;
  });
  const holders: string[] = [];
  let found: Record<string, unknown> | undefined;
  for (const name of QUEUE_FILES) {
    const file = path.join(queueDir, name);
    let q: QueueFile;
    try {
      q = await readQueueFile(file);
    } catch {
      continue; // a malformed file cannot hold the record we can move; it is reported by the reader, not here
    }
    const rec = q.tasks.find(t => isRecord(t) && safeString(t.id, 1000) === taskId);
    if (isRecord(rec)) {
      holders.push(name);
      found ??= rec;
    }
  }
  if (!found) return moveMarkdownTask(queueDir, taskId, to);
  if (isReadOnlyRecord(found)) {
    throw new ControlError('read-only', `Task ${taskId} is owned by the runner (iteration card or TodoWrite item) and cannot be moved.`);
  }
  const targetName = QUEUE_FILE_FOR[to];
  const reshape = opts.reshape ?? ((r: Record<string, unknown>) => r);
  if (!opts.reshape && holders.length === 1 && holders[0] === targetName && found.status === to) return;

  // Every file's lock first (sorted, so two moves never wait on each other), then the writes: a lock timeout leaves the
  // task where it was, never in two files. The target is written before the others are emptied (a crash in between
  // leaves a duplicate, never a lost task).
  const sources = holders.filter(n => n !== targetName);
  await removeWriteLeftoversOnce(queueDir);
  const lockOpts = opts.lockTimeoutMs === undefined ? undefined : { timeoutMs: opts.lockTimeoutMs };
  await withMkdirLocks([targetName, ...sources].map(n => lockTargetFor(path.join(queueDir, n))), async () => {
    await rewriteQueueFile(path.join(queueDir, targetName), q => {
      const i = q.tasks.findIndex(t => isRecord(t) && safeString(t.id, 1000) === taskId);
      if (i >= 0) q.tasks[i] = reshape({ ...(q.tasks[i] as Record<string, unknown>), status: to });
      else q.tasks.push(reshape({ ...found, status: to }));
    });
    for (const name of sources) {
      await rewriteQueueFile(path.join(queueDir, name), q => {
        q.tasks = q.tasks.filter(t => !(isRecord(t) && safeString(t.id, 1000) === taskId));
      });
    }
  }, lockOpts);
}

async function moveMarkdownTask(queueDir: string, taskId: string, to: TaskStatus): Promise<void> {
  for (const dir of MARKDOWN_DIRS) {
    const names = await fs.readdir(path.join(queueDir, dir)).catch(() => [] as string[]);
    const name = names.find(n => n.endsWith('.md') && markdownIdMatches(n.slice(0, -3), taskId));
    if (!name) continue;
    const targetDir = MARKDOWN_DIR_FOR[to];
    if (!targetDir) {
      throw new ControlError('invalid', `Markdown task ${taskId} cannot be marked failed: queue/ has no failed folder for markdown tasks. Move it to Completed or edit the file.`);
    }
    if (targetDir === dir) return;
    const dest = path.join(queueDir, targetDir, name);
    if (await fs.lstat(dest).catch(() => null)) {
      throw new ControlError('invalid', `queue/${targetDir}/${name} already exists; not overwriting it.`);
    }
    await fs.mkdir(path.join(queueDir, targetDir), { recursive: true });
    await fs.rename(path.join(queueDir, dir, name), dest).catch(err => {
      throw new ControlError('io', `Could not move ${name}: ${(err as Error).message}`);
    });
    return;
  }
  throw new ControlError('not-found', `Task ${taskId} was not found in any queue file.`);
}

/** Markdown task ids are the file stem; readers may prefix it (`md-<stem>`), so accept both. */
function markdownIdMatches(stem: string, taskId: string): boolean {
  return stem === taskId || `md-${stem}` === taskId || `markdown-${stem}` === taskId;
}
