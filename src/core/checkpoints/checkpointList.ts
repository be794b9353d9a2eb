// Reads the checkpoints of a project: `state/checkpoints/index.jsonl` merged with each `cp-*/metadata.json`.
// The runner rewrites the index when it prunes (retention 50) and a directory can vanish between the readdir and
// the read, so every source is optional: an index line without a directory is kept (its commit may still exist),
// a directory without an index line is kept (the index was rewritten or truncated).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CheckpointInfo } from '../domain';
import { parseCheckpointIndex } from '../parsers/checkpoints';
import { isRecord, isoTime, num, str } from '../parsers/parseResult';
import { isCheckpointId, isSha } from './git';

/** `.loki`-relative folder of the checkpoints. */
export const CHECKPOINTS_DIR = 'state/checkpoints';
/** Bounds a runaway folder; the runner keeps 50. */
const MAX_CHECKPOINTS = 500;
const MAX_METADATA_BYTES = 64 * 1024;

/** The checkpoint folder of `id` under `lokiDir` (the id is validated, so it can never climb out). */
export function checkpointDir(lokiDir: string, id: string): string {
  if (!isCheckpointId(id)) throw new Error(`invalid checkpoint id: ${JSON.stringify(id)}`);
  return path.join(lokiDir, CHECKPOINTS_DIR, id);
}

/** Epoch seconds of `cp-<iter>-<epoch>` (the runner sorts by this), or null. */
export function checkpointEpoch(id: string): number | null {
  const m = /-(\d{9,11})$/.exec(id);
  return m ? Number(m[1]) : null;
}

async function readSmall(file: string): Promise<string | null> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_METADATA_BYTES) return null;
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** metadata.json of one directory, as a partial CheckpointInfo (unknown or wrongly typed fields are dropped). */
async function readMetadata(dir: string): Promise<Partial<CheckpointInfo> | null> {
  const text = await readSmall(path.join(dir, 'metadata.json'));
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const it = num(raw.iteration);
  const sha = str(raw.git_sha, 100)?.trim();
  const branch = str(raw.git_branch, 500)?.trim();
  const snap = (await readSmall(path.join(dir, 'worktree-snapshot.txt')))?.trim();
  return {
    iteration: it !== undefined && it >= 0 ? Math.floor(it) : undefined,
    taskId: str(raw.task_id, 1000) ?? undefined,
    task: str(raw.task_description, 10_000) ?? str(raw.message, 10_000) ?? undefined,
    timestamp: isoTime(raw.timestamp) ?? undefined,
    sha: isSha(sha) ? sha : undefined,
    branch: branch && branch !== 'unknown' ? branch : undefined,
    phase: str(raw.phase, 200) ?? undefined,
    provider: str(raw.provider, 200) ?? undefined,
    snapshotSha: isSha(snap) ? snap : undefined,
  };
}

async function checkpointDirs(root: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(root, { withFileTypes: true });
    return entries.filter(e => e.isDirectory() && isCheckpointId(e.name)).map(e => e.name).slice(0, MAX_CHECKPOINTS);
  } catch {
    return [];
  }
}

/**
 * Every checkpoint of the project whose `.loki` is `lokiDir`, newest first (epoch in the id or timestamp, then iteration, then
 * index order). Never throws: unreadable parts are skipped.
 */
export async function readCheckpoints(lokiDir: string): Promise<CheckpointInfo[]> {
  const root = path.join(lokiDir, CHECKPOINTS_DIR);
  const indexText = await fs.readFile(path.join(root, 'index.jsonl'), 'utf8').catch(() => '');
  const byId = new Map<string, CheckpointInfo>();
  for (const e of parseCheckpointIndex(indexText)) {
    if (!isCheckpointId(e.id)) continue;
    byId.set(e.id, {
      id: e.id, iteration: e.iteration, taskId: null, task: e.task, timestamp: e.ts, sha: isSha(e.sha) ? e.sha : null,
      snapshotSha: null, branch: null, phase: null, provider: null, hasState: false,
    });
  }
  for (const name of await checkpointDirs(root)) {
    const meta = await readMetadata(path.join(root, name));
    const base: CheckpointInfo = byId.get(name) ?? {
      id: name, iteration: null, taskId: null, task: null, timestamp: null, sha: null, snapshotSha: null, branch: null, phase: null, provider: null, hasState: false,
    };
    if (!meta && !byId.has(name)) continue; // a directory that is not a checkpoint (or is half-written)
    byId.set(name, {
      ...base,
      iteration: meta?.iteration ?? base.iteration,
      taskId: meta?.taskId ?? base.taskId,
      task: meta?.task ?? base.task,
      timestamp: meta?.timestamp ?? base.timestamp,
      sha: meta?.sha ?? base.sha,
      snapshotSha: meta?.snapshotSha ?? null,
      branch: meta?.branch ?? null,
      phase: meta?.phase ?? null,
      provider: meta?.provider ?? null,
      hasState: true,
    });
  }
  const key = (c: CheckpointInfo): number => {
    const epoch = checkpointEpoch(c.id);
    if (epoch !== null) return epoch * 1000;
    const t = c.timestamp ? Date.parse(c.timestamp) : NaN;
    return Number.isFinite(t) ? t : 0;
  };
  return [...byId.values()]
    .map((c, i) => ({ c, k: key(c), i }))
    .sort((a, b) => b.k - a.k || (b.c.iteration ?? -1) - (a.c.iteration ?? -1) || b.i - a.i)
    .map(x => x.c)
    .slice(0, MAX_CHECKPOINTS);
}

/**
 * The checkpoint taken before a task started, for "Roll Back to Before This Task": the one just before the first
 * checkpoint that names the task, else the newest one from an earlier iteration, else the newest one taken before
 * the task's start time. `checkpoints` is newest first, as readCheckpoints returns them.
 */
export function checkpointBeforeTask(checkpoints: readonly CheckpointInfo[], task: { id: string; iteration?: number; startedAt?: string }): CheckpointInfo | null {
  const oldestFirst = [...checkpoints].reverse();
  const first = oldestFirst.findIndex(c => c.taskId === task.id);
  if (first > 0) return oldestFirst[first - 1] ?? null;
  if (first === 0) return null;
  const fromId = /^iteration-(\d+)$/.exec(task.id);
  const iteration = task.iteration ?? (fromId ? Number(fromId[1]) : undefined);
  if (iteration !== undefined) return checkpoints.find(c => c.iteration !== null && c.iteration < iteration) ?? null;
  const started = task.startedAt ? Date.parse(task.startedAt) : NaN;
  if (Number.isFinite(started)) return checkpoints.find(c => c.timestamp !== null && Date.parse(c.timestamp) < started) ?? null;
  return null;
}
