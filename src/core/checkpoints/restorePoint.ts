// Restore points: everything a rollback (or its undo) is about to overwrite, saved before the first write.
// Git side: HEAD, the branch, the index as a tree, and the whole working tree (tracked, modified and untracked files,
// not ignored ones) as a commit built through a temporary index, so the user's index and files are not touched
// while saving; the commit is anchored at refs/loki/rollback-undo/<id> so `git gc` keeps it.
// .loki side: copies of the state files the rollback restores, under .loki/state/rollback-undo/<id>/.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../write/atomicWrite';
import { isRecord } from '../parsers/parseResult';
import { excludeLoki } from './checkpointGit';
import { CheckpointError, gitOut, isSha } from './git';
import type { GitRunner } from './git';

/** `.loki`-relative folder of the restore points. */
export const RESTORE_POINTS_DIR = 'state/rollback-undo';
/** `.loki` state files a rollback restores from a checkpoint (Loki's own list: run.sh/checkpoint.ts RESTORE_FILES). */
export const RESTORED_STATE_FILES = [
  'state/orchestrator.json',
  'queue/pending.json',
  'queue/completed.json',
  'queue/in-progress.json',
  'queue/current-task.json',
  'CONTINUITY.md',
] as const;
/** Restore points kept; older ones (and their refs) are pruned. */
const KEEP = 20;
const MANIFEST = 'restore-point.json';
/** Identity of the internal safety commits, so saving works in repositories without user.name/user.email. */
const IDENTITY = { GIT_AUTHOR_NAME: 'Loki Dashboard', GIT_AUTHOR_EMAIL: 'loki-dashboard@localhost', GIT_COMMITTER_NAME: 'Loki Dashboard', GIT_COMMITTER_EMAIL: 'loki-dashboard@localhost' };

/** Where a restore operation runs. */
export interface RepoContext {
  git: GitRunner;
  /** Repository top level. */
  root: string;
  /** The project's `.loki`. */
  lokiDir: string;
  /** `.loki` relative to the root (forward slashes). */
  lokiRel: string;
}

/** What was saved (the manifest written last, so a half-saved point is never offered). */
export interface RestorePoint {
  id: string;
  createdAt: string;
  /** 'rollback': saved before a rollback (Undo Last Rollback restores it); 'undo': saved before an undo. */
  kind: 'rollback' | 'undo';
  /** The checkpoint the rollback went to. */
  checkpointId: string | null;
  head: string;
  /** Branch checked out then, or null when HEAD was detached. */
  branch: string | null;
  indexTree: string;
  worktreeCommit: string;
  ref: string;
  /** `.loki`-relative state files copied, and those that did not exist (an undo removes them again). */
  lokiFiles: { saved: string[]; missing: string[] };
  /** Set once Undo Last Rollback restored this point. */
  undoneAt?: string;
}

/** The branch checked out, or null when HEAD is detached. */
export async function currentBranch(ctx: Pick<RepoContext, 'git' | 'root'>): Promise<string | null> {
  const r = await ctx.git.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: ctx.root });
  return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/** The index as a tree; refuses while it has unresolved merge conflicts (a tree cannot hold them). */
async function indexTree(ctx: RepoContext): Promise<string> {
  const r = await ctx.git.run(['write-tree'], { cwd: ctx.root });
  if (r.code !== 0) throw new CheckpointError('conflict', 'The repository has unresolved merge conflicts; resolve them before rolling back.');
  return r.stdout.trim();
}

/** Saves the current state; nothing in the working tree, index or HEAD changes. */
export async function saveRestorePoint(ctx: RepoContext, kind: RestorePoint['kind'], checkpointId: string | null, now = new Date()): Promise<RestorePoint> {
  const head = (await gitOut(ctx.git, ctx.root, ['rev-parse', '--verify', 'HEAD'])).trim();
  const branch = await currentBranch(ctx);
  const idx = await indexTree(ctx);
  const id = `rp-${now.getTime()}-${process.pid}`;
  const dir = path.join(ctx.lokiDir, RESTORE_POINTS_DIR, id);
  await fs.mkdir(dir, { recursive: true });
  // A private index: `git add -A` there records every non-ignored file without touching the user's staging area.
  const env = { ...IDENTITY, GIT_INDEX_FILE: path.join(dir, 'index.tmp') };
  try {
    await gitOut(ctx.git, ctx.root, ['read-tree', head], env);
    await gitOut(ctx.git, ctx.root, ['add', '-A', '--', '.', excludeLoki(ctx.lokiRel)], env);
    const tree = (await gitOut(ctx.git, ctx.root, ['write-tree'], env)).trim();
    const commit = (await gitOut(ctx.git, ctx.root, ['commit-tree', tree, '-p', head, '-m', `loki-dashboard restore point ${id} (${kind}${checkpointId ? ` to ${checkpointId}` : ''})`], env)).trim();
    if (!isSha(commit)) throw new CheckpointError('io', 'git commit-tree returned no sha');
    const ref = `refs/loki/rollback-undo/${id}`;
    await gitOut(ctx.git, ctx.root, ['update-ref', ref, commit]);
    const saved: string[] = [];
    const missing: string[] = [];
    for (const rel of RESTORED_STATE_FILES) {
      const data = await fs.readFile(path.join(ctx.lokiDir, rel)).catch(() => null);
      if (data === null) { missing.push(rel); continue; }
      await fs.mkdir(path.dirname(path.join(dir, 'loki', rel)), { recursive: true });
      await writeFileAtomic(path.join(dir, 'loki', rel), data);
      saved.push(rel);
    }
    const point: RestorePoint = { id, createdAt: now.toISOString(), kind, checkpointId, head, branch, indexTree: idx, worktreeCommit: commit, ref, lokiFiles: { saved, missing } };
    await writeFileAtomic(path.join(dir, MANIFEST), JSON.stringify(point, null, 2) + '\n');
    return point;
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  } finally {
    await fs.rm(path.join(dir, 'index.tmp'), { force: true }).catch(() => undefined);
  }
}

function parsePoint(x: unknown): RestorePoint | null {
  if (!isRecord(x)) return null;
  const files = isRecord(x.lokiFiles) ? x.lokiFiles : {};
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && (RESTORED_STATE_FILES as readonly string[]).includes(s)) : []);
  if (typeof x.id !== 'string' || !/^rp-\d+-\d+$/.test(x.id) || (x.kind !== 'rollback' && x.kind !== 'undo')) return null;
  if (!isSha(x.head) || !isSha(x.indexTree) || !isSha(x.worktreeCommit)) return null;
  return {
    id: x.id, createdAt: typeof x.createdAt === 'string' ? x.createdAt : '', kind: x.kind,
    checkpointId: typeof x.checkpointId === 'string' ? x.checkpointId : null,
    head: x.head, branch: typeof x.branch === 'string' ? x.branch : null, indexTree: x.indexTree, worktreeCommit: x.worktreeCommit,
    ref: `refs/loki/rollback-undo/${x.id}`, lokiFiles: { saved: strs(files.saved), missing: strs(files.missing) },
    ...(typeof x.undoneAt === 'string' ? { undoneAt: x.undoneAt } : {}),
  };
}

/** Restore points of the project, newest first (unreadable manifests skipped). */
export async function listRestorePoints(lokiDir: string): Promise<RestorePoint[]> {
  const root = path.join(lokiDir, RESTORE_POINTS_DIR);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const out: RestorePoint[] = [];
  for (const name of names) {
    if (!/^rp-\d+-\d+$/.test(name)) continue;
    const text = await fs.readFile(path.join(root, name, MANIFEST), 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      const p = parsePoint(JSON.parse(text));
      if (p && p.id === name) out.push(p);
    } catch {
      // A torn or hand-edited manifest is not offered.
    }
  }
  return out.sort((a, b) => Number(b.id.split('-')[1]) - Number(a.id.split('-')[1]));
}

/** Marks a point as restored (Undo Last Rollback then offers the one before it). */
export async function markUndone(lokiDir: string, p: RestorePoint, now = new Date()): Promise<void> {
  await writeFileAtomic(path.join(lokiDir, RESTORE_POINTS_DIR, p.id, MANIFEST), JSON.stringify({ ...p, undoneAt: now.toISOString() }, null, 2) + '\n');
}

/**
 * Puts the repository and the `.loki` state files back exactly as saved: HEAD (and its branch) at the saved commit,
 * every saved file content, the saved index. Files created since that git does not know are left alone.
 */
export async function applyRestorePoint(ctx: RepoContext, p: RestorePoint): Promise<void> {
  const branch = await currentBranch(ctx);
  if (p.branch && branch !== p.branch) throw new CheckpointError('conflict', `The restore point was saved on branch ${p.branch}, but ${branch ?? 'a detached HEAD'} is checked out. Check out ${p.branch} first.`);
  await gitOut(ctx.git, ctx.root, ['reset', '--quiet', '--hard', p.head]);
  await gitOut(ctx.git, ctx.root, ['read-tree', '-u', '--reset', `${p.worktreeCommit}^{tree}`]);
  await gitOut(ctx.git, ctx.root, ['read-tree', p.indexTree]);
  const dir = path.join(ctx.lokiDir, RESTORE_POINTS_DIR, p.id, 'loki');
  for (const rel of p.lokiFiles.saved) {
    const target = path.join(ctx.lokiDir, rel);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, await fs.readFile(path.join(dir, rel)));
  }
  for (const rel of p.lokiFiles.missing) await fs.rm(path.join(ctx.lokiDir, rel), { force: true });
}

/** Drops all but the newest KEEP restore points (folders and refs). */
export async function pruneRestorePoints(ctx: RepoContext): Promise<void> {
  const points = await listRestorePoints(ctx.lokiDir);
  for (const p of points.slice(KEEP)) {
    await ctx.git.run(['update-ref', '-d', p.ref], { cwd: ctx.root });
    await fs.rm(path.join(ctx.lokiDir, RESTORE_POINTS_DIR, p.id), { recursive: true, force: true });
  }
}
