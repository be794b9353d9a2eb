// The one entry point the extension, the dashboard and the REST API use for checkpoints. It owns the rules every
// caller must get the same: no rollback or undo while a runner is at work, one restore at a time per project
// (in-process queue plus the runner's mkdir lock, so two windows cannot interleave), plans recomputed at execution.
import path from 'node:path';
import type { CheckpointInfo, ProjectInfo, Session } from '../domain';
import type { Logger } from '../logger';
import { ControlError } from '../write/control';
import { acquireMkdirLock } from '../write/mkdirLock';
import { checkpointBeforeTask, readCheckpoints } from './checkpointList';
import { changesSince, checkpointFacts, resolveTarget } from './checkpointGit';
import type { CheckpointFacts, CheckpointTarget, FileChange } from './checkpointGit';
import { CheckpointError, isCheckpointId, repoRoot } from './git';
import type { GitRunner } from './git';
import { executeRollback, lastUndoable, planRollback, repoContext, undoLastRollback } from './rollback';
import type { RollbackPlan, RollbackResult } from './rollback';
import type { RestorePoint } from './restorePoint';

/** Why a rollback must wait, or null when the session allows it. A paused runner sits at an iteration boundary. */
export function rollbackBlocker(s: Session | undefined): string | null {
  if (!s) return null;
  const active = s.alive || s.status === 'starting' || s.status === 'running' || s.status === 'paused' || s.status === 'stopping';
  if (!active || s.status === 'paused') return null;
  if (s.control.pause) return 'A pause was requested but the runner has not reached the end of its iteration yet. Wait until it shows Paused, or stop it.';
  return `A Loki session is ${s.status === 'idle' ? 'running' : s.status} in this project. Pause it (it stops at the end of the iteration) or stop it first.`;
}

/** Collaborators of the service. */
export interface CheckpointServiceDeps {
  git: GitRunner;
  log: Logger;
  /** The project's current session (for the running check). */
  session(projectId: string): Session | undefined;
}

/** Checkpoints of projects: list, compare, roll back, undo. */
export class CheckpointService {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: CheckpointServiceDeps) {}

  /** Every checkpoint of the project, newest first. */
  list(project: ProjectInfo): Promise<CheckpointInfo[]> {
    return readCheckpoints(lokiDirOf(project));
  }

  /** One checkpoint; CheckpointError('not-found'|'invalid'). */
  async get(project: ProjectInfo, id: string): Promise<CheckpointInfo> {
    if (!isCheckpointId(id)) throw new CheckpointError('invalid', 'A checkpoint id has only letters, digits, - and _.');
    const cp = (await this.list(project)).find(c => c.id === id);
    if (!cp) throw new CheckpointError('not-found', `No checkpoint ${id} in ${project.name}.`);
    return cp;
  }

  /** Git facts (commit present, files changed since) for the given checkpoints; empty outside a repository. */
  async facts(project: ProjectInfo, cps: readonly CheckpointInfo[]): Promise<CheckpointFacts[]> {
    const root = await repoRoot(this.deps.git, project.path);
    if (!root) return cps.map(c => ({ id: c.id, commitExists: false, changedFiles: null }));
    return checkpointFacts(this.deps.git, root, project.path, cps);
  }

  /** What differs between the checkpoint and the working tree. */
  async changes(project: ProjectInfo, id: string): Promise<{ checkpoint: CheckpointInfo; target: CheckpointTarget; files: FileChange[] }> {
    const cp = await this.get(project, id);
    const root = await this.root(project);
    const target = await resolveTarget(this.deps.git, root, project.path, cp);
    return { checkpoint: cp, target, files: await changesSince(this.deps.git, target) };
  }

  /** The rollback plan for the confirmation; refuses while a runner is at work. Writes nothing. */
  async plan(project: ProjectInfo, id: string): Promise<RollbackPlan> {
    this.requireIdle(project);
    return planRollback(this.deps.git, await this.root(project), project.path, await this.get(project, id));
  }

  /**
   * Rolls back. `expectCommits` (the count the user confirmed) guards against a commit made between the
   * confirmation and now: a different count refuses instead of discarding work the user did not see.
   */
  rollback(project: ProjectInfo, id: string, expect?: { commitsAfter?: number }): Promise<RollbackResult> {
    return this.serial(project, async () => {
      this.requireIdle(project);
      const plan = await planRollback(this.deps.git, await this.root(project), project.path, await this.get(project, id));
      if (expect?.commitsAfter !== undefined && expect.commitsAfter !== plan.commitsAfterCount) {
        throw new CheckpointError('conflict', `The repository changed since the confirmation (${plan.commitsAfterCount} commits after the checkpoint now, ${expect.commitsAfter} before). Review it again.`);
      }
      const result = await executeRollback(this.deps.git, project.path, plan);
      this.deps.log.info(`Rolled ${project.name} back to ${id} (${result.filesChanged} files, ${result.stateFilesRestored.length} state files); restore point ${result.restorePoint.id}`);
      return result;
    });
  }

  /** The rollback Undo Last Rollback would revert, or null. */
  lastRollback(project: ProjectInfo): Promise<RestorePoint | null> {
    return lastUndoable(lokiDirOf(project));
  }

  /** Reverts the newest rollback (files, index, HEAD and .loki state), saving the present state first. */
  undo(project: ProjectInfo): Promise<{ restored: RestorePoint; saved: RestorePoint }> {
    return this.serial(project, async () => {
      this.requireIdle(project);
      const root = await this.root(project);
      const lokiRel = path.relative(root, lokiDirOf(project)).split(path.sep).join('/');
      const out = await undoLastRollback(repoContext(this.deps.git, root, lokiDirOf(project), lokiRel));
      this.deps.log.info(`Undid the rollback of ${project.name} to ${out.restored.checkpointId ?? '?'}; the state before the undo is saved as ${out.saved.id}`);
      return out;
    });
  }

  /** The checkpoint taken before a task started (task-scoped rollback), or null. */
  async beforeTask(project: ProjectInfo, task: { id: string; iteration?: number; startedAt?: string }): Promise<CheckpointInfo | null> {
    return checkpointBeforeTask(await this.list(project), task);
  }

  private requireIdle(project: ProjectInfo): void {
    const why = rollbackBlocker(this.deps.session(project.id));
    if (why) throw new CheckpointError('busy', why);
  }

  private async root(project: ProjectInfo): Promise<string> {
    const root = await repoRoot(this.deps.git, project.path);
    if (!root) throw new CheckpointError('no-git', `${project.name} is not in a git repository, so its checkpoints cannot be compared or restored.`);
    return root;
  }

  /** One restore at a time per project: in this process by a queue, across processes by the mkdir lock. */
  private serial<T>(project: ProjectInfo, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(project.id) ?? Promise.resolve();
    const run = prev.then(() => undefined, () => undefined).then(async () => {
      let lock;
      try {
        lock = await acquireMkdirLock(path.join(lokiDirOf(project), 'state', 'rollback'), { timeoutMs: 5_000 });
      } catch (err) {
        throw ControlError.is(err) ? new CheckpointError('busy', 'Another rollback of this project is in progress.') : err;
      }
      try {
        return await fn();
      } finally {
        await lock.release();
      }
    });
    this.queues.set(project.id, run);
    return run;
  }
}

function lokiDirOf(project: ProjectInfo): string {
  return path.join(project.path, '.loki');
}
