// Which control actions the Team section offers for a remote project. No vscode import (tested in plain Node).
import type { ProjectSnapshot } from '../../core/domain';
import { runState } from '../sessionRules';

/** A control action on a remote project, sent to the hub (which routes it to the publisher that owns the project). */
export type RemoteAction = 'pause' | 'resume' | 'stop' | 'input' | 'addTask';

/** Marks the snapshot of a project whose publisher stopped answering (see the hub's TeamHub). */
const OFFLINE_FILE = 'team:publisher';

/** True when the hub shows the project's publisher as offline. */
export function isRemoteOffline(snap: ProjectSnapshot): boolean {
  return snap.problems.some(p => p.file === OFFLINE_FILE);
}

/**
 * Actions offered for a remote project: none without a control-scope token (the board stays read-only) or while
 * its publisher is offline (the hub would refuse with 503); otherwise the same rules as a local project.
 */
export function remoteActions(snap: ProjectSnapshot, canControl: boolean): RemoteAction[] {
  if (!canControl || isRemoteOffline(snap)) return [];
  const state = runState(snap.session);
  if (state === 'running') return ['pause', 'stop', 'input', 'addTask'];
  if (state === 'paused') return ['resume', 'stop', 'input', 'addTask'];
  return snap.hasLoki ? ['addTask'] : [];
}
