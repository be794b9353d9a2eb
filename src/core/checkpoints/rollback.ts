// Rolling a project back to a checkpoint, and undoing that. The order is what makes it safe:
// 1. plan (read-only): what will change, which commits are left behind, refusals (other branch, conflicts, tracked .loki);
// 2. save a restore point (git objects + copies of the .loki state files), nothing touched yet;
// 3. restore: branch back to the checkpoint's commit, its uncommitted snapshot re-applied, the state files copied
//    from the checkpoint folder. If step 3 fails half-way, the restore point is put back at once.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CheckpointInfo } from '../domain';
import { writeFileAtomic } from '../write/atomicWrite';
import { checkpointDir } from './checkpointList';
import { changesSince, commitsAfter, resolveTarget } from './checkpointGit';
import type { CheckpointTarget, CommitLine, FileChange } from './checkpointGit';
import { CheckpointError, gitOut } from './git';
import type { GitRunner } from './git';
import { applyRestorePoint, currentBranch, listRestorePoints, markUndone, pruneRestorePoints, RESTORED_STATE_FILES, saveRestorePoint } from './restorePoint';
import type { RepoContext, RestorePoint } from './restorePoint';

/** Everything the confirmation shows, computed without writing anything. */
export interface RollbackPlan {
  checkpoint: CheckpointInfo;
  target: CheckpointTarget;
  branch: string | null;
  /** Files whose content changes (untracked ones are listed but kept). */
  files: FileChange[];
  /** Commits after the checkpoint on the current branch (newest first, capped) and their total. */
  commitsAfter: CommitLine[];
  commitsAfterCount: number;
  /** `.loki`-relative state files copied back from the checkpoint folder. */
  stateFiles: string[];
  /** Uncommitted changes exist now (they go into the restore point; Undo Last Rollback brings them back). */
  dirty: boolean;
}

/** What a rollback did. */
export interface RollbackResult {
  checkpointId: string;
  restorePoint: RestorePoint;
  filesChanged: number;
  stateFilesRestored: string[];
}

/** State files a checkpoint folder holds copies of. */
async function stateFilesIn(lokiDir: string, cp: CheckpointInfo): Promise<string[]> {
  if (!cp.hasState) return [];
  const dir = checkpointDir(lokiDir, cp.id);
  const out: string[] = [];
  for (const rel of RESTORED_STATE_FILES) if (await fs.stat(path.join(dir, rel)).then(s => s.isFile(), () => false)) out.push(rel);
  return out;
}

/** The repository context of a project, or CheckpointError('no-git'). */
export function repoContext(git: GitRunner, root: string | null, lokiDir: string, lokiRel: string): RepoContext {
  if (!root) throw new CheckpointError('no-git', 'The project is not in a git repository, so checkpoints cannot be compared or restored.');
  return { git, root, lokiDir, lokiRel };
}

/** Computes the plan; refuses (CheckpointError) when the rollback cannot be done safely. Writes nothing. */
export async function planRollback(git: GitRunner, root: string, projectDir: string, cp: CheckpointInfo): Promise<RollbackPlan> {
  const lokiDir = path.join(projectDir, '.loki');
  const target = await resolveTarget(git, root, projectDir, cp);
  const tracked = (await gitOut(git, root, ['ls-files', '-z', '--', target.lokiRel])).replace(/\0/g, '');
  if (tracked) throw new CheckpointError('conflict', `${target.lokiRel} is tracked by git; a rollback would rewrite the runner's own files. Untrack it (it should be ignored) and try again.`);
  const branch = await currentBranch({ git, root });
  if (cp.branch && branch && cp.branch !== branch) {
    throw new CheckpointError('conflict', `Checkpoint ${cp.id} was taken on branch ${cp.branch}, but ${branch} is checked out. Check out ${cp.branch} first.`);
  }
  const files = await changesSince(git, target);
  const after = await commitsAfter(git, root, target.commit);
  const status = await gitOut(git, root, ['status', '--porcelain', '-z', '--', '.', `:(exclude)${target.lokiRel}`]);
  return { checkpoint: cp, target, branch, files, commitsAfter: after.commits, commitsAfterCount: after.count, stateFiles: await stateFilesIn(lokiDir, cp), dirty: status.length > 0 };
}

/** Runs a plan: restore point first, then the restore; on failure the restore point is applied again. */
export async function executeRollback(git: GitRunner, projectDir: string, plan: RollbackPlan, now = new Date()): Promise<RollbackResult> {
  const lokiDir = path.join(projectDir, '.loki');
  const ctx: RepoContext = { git, root: plan.target.root, lokiDir, lokiRel: plan.target.lokiRel };
  const point = await saveRestorePoint(ctx, 'rollback', plan.checkpoint.id, now);
  try {
    await gitOut(git, ctx.root, ['reset', '--quiet', '--hard', plan.target.commit]);
    if (plan.target.tree !== plan.target.commit) {
      // The runner's snapshot holds the iteration's uncommitted tracked changes: put them back as uncommitted changes.
      await gitOut(git, ctx.root, ['read-tree', '-u', '--reset', `${plan.target.tree}^{tree}`]);
      await gitOut(git, ctx.root, ['read-tree', '--reset', plan.target.commit]);
    }
    const from = checkpointDir(lokiDir, plan.checkpoint.id);
    for (const rel of plan.stateFiles) {
      const target = path.join(lokiDir, rel);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, await fs.readFile(path.join(from, rel)));
    }
  } catch (err) {
    await applyRestorePoint(ctx, point).catch(() => undefined);
    throw err instanceof CheckpointError ? err : new CheckpointError('io', `Rollback failed and was reverted: ${err instanceof Error ? err.message : String(err)}`);
  }
  await pruneRestorePoints(ctx).catch(() => undefined);
  return { checkpointId: plan.checkpoint.id, restorePoint: point, filesChanged: plan.files.filter(f => f.status !== 'untracked').length, stateFilesRestored: plan.stateFiles };
}

/** The restore point Undo Last Rollback would apply, or null. */
export async function lastUndoable(lokiDir: string): Promise<RestorePoint | null> {
  return (await listRestorePoints(lokiDir)).find(p => p.kind === 'rollback' && !p.undoneAt) ?? null;
}

/**
 * Undoes the newest rollback not yet undone: the current state is saved first (kind 'undo', so nothing made after
 * the rollback is lost either), then the rollback's restore point is applied and marked undone.
 */
export async function undoLastRollback(ctx: RepoContext, now = new Date()): Promise<{ restored: RestorePoint; saved: RestorePoint }> {
  const p = await lastUndoable(ctx.lokiDir);
  if (!p) throw new CheckpointError('not-found', 'There is no rollback to undo.');
  const saved = await saveRestorePoint(ctx, 'undo', p.checkpointId, now);
  try {
    await applyRestorePoint(ctx, p);
  } catch (err) {
    await applyRestorePoint(ctx, saved).catch(() => undefined);
    throw err instanceof CheckpointError ? err : new CheckpointError('io', `Undo failed and was reverted: ${err instanceof Error ? err.message : String(err)}`);
  }
  await markUndone(ctx.lokiDir, p, now);
  await pruneRestorePoints(ctx).catch(() => undefined);
  return { restored: p, saved };
}
