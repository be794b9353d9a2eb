// Wires checkpoints into the host: the git runner (never in Restricted Mode), the service, the cache the tree and
// the dashboard read, the diff content provider and the commands.
import * as vscode from 'vscode';
import { ExecGitRunner } from '../../core/adapters/execGit';
import { CheckpointCache } from '../../core/checkpoints/checkpointCache';
import { CheckpointService } from '../../core/checkpoints/checkpointService';
import { CheckpointError } from '../../core/checkpoints/git';
import type { GitRunner } from '../../core/checkpoints/git';
import { DisposableStore } from '../../core/disposable';
import type { LokiCore } from '../../core/lokiCore';
import type { Logger } from '../../core/logger';
import { registerGuardedCommand } from '../commandBoundary';
import type { SessionActions } from '../sessionApi';
import { CheckpointActions } from './checkpointActions';
import { CHECKPOINT_SCHEME, CheckpointContentProvider } from './checkpointContent';

/** What the rest of the host uses. */
export interface CheckpointFeature extends vscode.Disposable {
  actions: CheckpointActions;
  service: CheckpointService;
  cache: CheckpointCache;
}

/**
 * Git reads repository config, and a hostile repository can make git run programs (core.fsmonitor, hooks), so
 * git runs only in a trusted workspace, as VS Code's own git extension does.
 */
function trustedGit(inner: GitRunner): GitRunner {
  return {
    run: (args, opts) => (vscode.workspace.isTrusted
      ? inner.run(args, opts)
      : Promise.reject(new CheckpointError('untrusted', 'Checkpoints are compared and restored with git, which does not run in Restricted Mode. Trust the workspace first.'))),
  };
}

/** Registers the checkpoint commands and returns the feature. */
export function registerCheckpoints(d: { core: LokiCore; log: Logger; channel: vscode.LogOutputChannel; sessions: SessionActions; active: () => string | null }): CheckpointFeature {
  const store = new DisposableStore();
  const git = trustedGit(new ExecGitRunner());
  const service = new CheckpointService({ git, log: d.log, session: id => d.core.snapshot(id)?.session });
  const cache = store.add(new CheckpointCache(d.core, d.log));
  const content = new CheckpointContentProvider(git);
  store.add(vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, content));
  const actions = new CheckpointActions({ core: d.core, service, content, sessions: d.sessions, log: d.log, active: d.active });
  const reg = (id: string, fn: (...args: unknown[]) => Promise<unknown>): void => {
    store.add(registerGuardedCommand({ log: d.log, channel: d.channel }, id, fn));
  };
  reg('showCheckpoints', arg => actions.show(arg));
  reg('compareCheckpoint', (arg, cp) => actions.compare(arg, cp));
  reg('openCheckpointChanges', (arg, cp) => actions.openChangedFiles(arg, cp));
  reg('rollbackToCheckpoint', (arg, cp) => actions.rollback(arg, cp));
  reg('rollbackBeforeTask', (arg, task) => actions.rollbackBeforeTask(arg, task));
  reg('undoRollback', arg => actions.undo(arg));
  return { actions, service, cache, dispose: () => store.dispose() };
}
