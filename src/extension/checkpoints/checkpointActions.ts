// What the checkpoint commands do: pick, compare in VS Code's multi-file diff, open changed files, roll back with a
// modal confirmation naming what changes, undo. Refusals (untrusted, running session, nothing to undo) are explained
// once and thrown as RefusedError so command boundaries stay quiet.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../../core/checkpoints/checkpointGit';
import { CheckpointError } from '../../core/checkpoints/git';
import { rollbackBlocker } from '../../core/checkpoints/checkpointService';
import type { CheckpointService } from '../../core/checkpoints/checkpointService';
import type { RollbackResult } from '../../core/checkpoints/rollback';
import type { CheckpointInfo, ProjectInfo, Task } from '../../core/domain';
import type { LokiCore } from '../../core/lokiCore';
import type { Logger } from '../../core/logger';
import { resolveProject } from '../projectPick';
import type { SessionActions } from '../sessionApi';
import { RefusedError, requireTrust } from '../trust';
import { checkpointUri } from './checkpointContent';
import type { CheckpointContentProvider } from './checkpointContent';
import { checkpointLabel, describeRollback } from './checkpointText';

/** Collaborators of the actions. */
export interface CheckpointActionDeps {
  core: LokiCore;
  service: CheckpointService;
  content: CheckpointContentProvider;
  sessions: SessionActions;
  log: Logger;
  active: () => string | null;
}

const MAX_OPEN = 20;

/** A checkpoint id carried by a command argument: a string, a tree node or `{ checkpointId }`. */
function checkpointIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o.checkpointId === 'string') return o.checkpointId;
  const c = o.checkpoint as Record<string, unknown> | undefined;
  return c && typeof c.id === 'string' ? c.id : undefined;
}

/** The checkpoint commands. */
export class CheckpointActions {
  /** The modal confirmation; tests replace it to read the text and answer. */
  confirm = async (message: string, detail: string, action: string): Promise<boolean> =>
    (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;

  constructor(private readonly d: CheckpointActionDeps) {}

  private project(arg: unknown, placeHolder: string): Promise<ProjectInfo> {
    return resolveProject(this.d.core, arg, this.d.active, placeHolder);
  }

  /** The checkpoint named by `cpArg` (or by `arg` itself, a tree node), else a quick pick. */
  async checkpoint(p: ProjectInfo, arg: unknown, cpArg: unknown, placeHolder: string): Promise<CheckpointInfo> {
    const id = checkpointIdOf(cpArg) ?? checkpointIdOf(arg);
    if (id) return this.d.service.get(p, id);
    const list = await this.d.service.list(p);
    if (!list.length) {
      const message = `${p.name} has no checkpoints yet. The runner records one after each iteration.`;
      void vscode.window.showInformationMessage(message);
      throw new RefusedError('cancelled', message);
    }
    const choice = await vscode.window.showQuickPick(list.map(c => ({ ...checkpointLabel(c), checkpoint: c })), { placeHolder, matchOnDescription: true, matchOnDetail: true });
    if (!choice) throw new RefusedError('cancelled', 'Cancelled');
    return choice.checkpoint;
  }

  /** Palette entry: pick a checkpoint, then what to do with it. */
  async show(arg?: unknown): Promise<unknown> {
    const p = await this.project(arg, 'Checkpoints of…');
    const cp = await this.checkpoint(p, undefined, undefined, `Checkpoints of ${p.name}, newest first`);
    const actions = [
      { label: '$(diff-multiple) Compare with Working Tree', run: () => this.compare(p.id, cp.id) },
      { label: '$(files) Open Changed Files', run: () => this.openChangedFiles(p.id, cp.id) },
      { label: '$(discard) Roll Back to Checkpoint…', run: () => this.rollback(p.id, cp.id) },
    ];
    const choice = await vscode.window.showQuickPick(actions, { placeHolder: `${cp.id}: ${cp.task ?? ''}` });
    return choice?.run();
  }

  /** Opens VS Code's multi-file diff: the checkpoint (left) against the working tree (right). */
  async compare(arg?: unknown, cpArg?: unknown): Promise<FileChange[]> {
    requireTrust('Comparing with a checkpoint (it runs git)');
    const p = await this.project(arg, 'Compare a checkpoint of…');
    const cp = await this.checkpoint(p, arg, cpArg, 'Compare which checkpoint with the working tree?');
    const { target, files } = await this.guard(() => this.d.service.changes(p, cp.id));
    if (!files.length) {
      void vscode.window.showInformationMessage(`Nothing changed since checkpoint ${cp.id}.`);
      return files;
    }
    this.d.content.allow(target.root);
    const resources = files.map(f => {
      const file = vscode.Uri.file(path.join(target.root, f.path));
      const left = f.status === 'added' || f.status === 'untracked' ? undefined : checkpointUri(target.root, target.tree, f.path);
      const right = f.status === 'deleted' ? undefined : file;
      return [file, left, right] as const;
    });
    await vscode.commands.executeCommand('vscode.changes', `Changes since ${cp.id}${cp.iteration !== null ? ` (iteration ${cp.iteration})` : ''}`, resources);
    return files;
  }

  /** Opens every file (still present) that differs from the checkpoint, up to 20. */
  async openChangedFiles(arg?: unknown, cpArg?: unknown): Promise<string[]> {
    requireTrust('Listing the files changed since a checkpoint (it runs git)');
    const p = await this.project(arg, 'Open files changed since a checkpoint of…');
    const cp = await this.checkpoint(p, arg, cpArg, 'Open the files changed since which checkpoint?');
    const { target, files } = await this.guard(() => this.d.service.changes(p, cp.id));
    const present = files.filter(f => f.status !== 'deleted');
    if (!present.length) void vscode.window.showInformationMessage(`No file changed since checkpoint ${cp.id} is present now.`);
    if (present.length > MAX_OPEN) void vscode.window.showInformationMessage(`Opening the first ${MAX_OPEN} of ${present.length} changed files; Compare with Working Tree shows them all.`);
    const opened: string[] = [];
    for (const f of present.slice(0, MAX_OPEN)) {
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(target.root, f.path)), { preview: false, preserveFocus: true });
      opened.push(f.path);
    }
    return opened;
  }

  /** Rolls back after the modal confirmation; refused while a session runs (Pause or Stop offered). */
  async rollback(arg?: unknown, cpArg?: unknown): Promise<RollbackResult | undefined> {
    requireTrust('Rolling back to a checkpoint');
    const p = await this.project(arg, 'Roll back which project?');
    this.requireIdle(p);
    const cp = await this.checkpoint(p, arg, cpArg, 'Roll back to which checkpoint?');
    const plan = await this.guard(() => this.d.service.plan(p, cp.id));
    const text = describeRollback(p, plan);
    if (!(await this.confirm(text.message, text.detail, 'Roll Back'))) throw new RefusedError('cancelled', 'Cancelled');
    const result = await this.guard(() => this.d.service.rollback(p, cp.id, { commitsAfter: plan.commitsAfterCount }));
    void vscode.window.showInformationMessage(`Rolled ${p.name} back to ${cp.id}: ${result.filesChanged} files, ${result.stateFilesRestored.length} .loki state files.`, 'Undo').then(c => {
      if (c) void vscode.commands.executeCommand('lokiDashboard.undoRollback', p.id);
    });
    return result;
  }

  /** Task-scoped rollback: to the checkpoint taken before the task started. */
  async rollbackBeforeTask(arg?: unknown, taskArg?: unknown): Promise<RollbackResult | undefined> {
    requireTrust('Rolling back to a checkpoint');
    const p = await this.project(arg, 'Roll back which project?');
    const task = this.task(p, taskArg ?? arg);
    const cp = await this.d.service.beforeTask(p, { id: task.id, ...(task.iteration !== undefined ? { iteration: task.iteration } : {}), ...(task.startedAt ? { startedAt: task.startedAt } : {}) });
    if (!cp) {
      const message = `No checkpoint of ${p.name} was taken before task ${task.id} started.`;
      void vscode.window.showInformationMessage(message);
      throw new RefusedError('cancelled', message);
    }
    return this.rollback(p.id, cp.id);
  }

  /** Undo Last Rollback: files, index, HEAD and .loki state back to just before the newest rollback. */
  async undo(arg?: unknown): Promise<string | undefined> {
    requireTrust('Undoing a rollback');
    const p = await this.project(arg, 'Undo the last rollback of…');
    this.requireIdle(p);
    const last = await this.d.service.lastRollback(p);
    if (!last) {
      const message = `There is no rollback of ${p.name} to undo.`;
      void vscode.window.showInformationMessage(message);
      throw new RefusedError('cancelled', message);
    }
    const ok = await this.confirm(`Undo the rollback of ${p.name} to ${last.checkpointId ?? 'a checkpoint'}?`,
      `Files (uncommitted changes included), the branch and the .loki state go back to how they were at ${last.createdAt}. What is there now is saved first.`, 'Undo Rollback');
    if (!ok) throw new RefusedError('cancelled', 'Cancelled');
    await this.guard(() => this.d.service.undo(p));
    void vscode.window.showInformationMessage(`Undid the rollback of ${p.name} to ${last.checkpointId ?? 'a checkpoint'}.`);
    return last.id;
  }

  private task(p: ProjectInfo, arg: unknown): Task {
    const o = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
    const id = typeof arg === 'string' ? arg : typeof o.taskId === 'string' ? o.taskId : typeof (o.task as Task | undefined)?.id === 'string' ? (o.task as Task).id : undefined;
    const task = id ? Object.values(this.d.core.snapshot(p.id)?.columns ?? {}).flat().find(t => t.id === id) : undefined;
    if (!task) throw new Error(`Unknown task${id ? ` ${id}` : ''} in ${p.name}`);
    return task;
  }

  private requireIdle(p: ProjectInfo): void {
    const why = rollbackBlocker(this.d.core.snapshot(p.id)?.session);
    if (!why) return;
    void vscode.window.showWarningMessage(`Cannot roll back ${p.name} now. ${why}`, 'Pause', 'Stop').then(c => {
      if (c === 'Pause') void this.d.sessions.pause(p.id).catch((err: unknown) => this.d.log.warn(`Pause failed: ${String(err)}`));
      if (c === 'Stop') void this.d.sessions.stop(p.id).catch((err: unknown) => this.d.log.warn(`Stop failed: ${String(err)}`));
    });
    throw new RefusedError('busy', why);
  }

  /** Core refusals become explained RefusedErrors; real failures pass through to the boundary. */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (CheckpointError.is(err) && err.reason !== 'io') {
        void vscode.window.showWarningMessage(err.message);
        throw new RefusedError(err.reason === 'busy' ? 'busy' : 'cancelled', err.message);
      }
      throw err;
    }
  }
}
