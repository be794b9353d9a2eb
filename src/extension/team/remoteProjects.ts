// Team projects for the dashboard's project picker: the connected hub's snapshots, labelled with their machine so
// they never read like a local project of the same name. Shown read-only. No vscode import.
import type { Disposable } from '../../core/disposable';
import type { AppGroup, ProjectSnapshot } from '../../core/domain';
import type { TeamClient } from './teamClient';

/** What the dashboard reads of the Team connection. */
export interface RemoteProjects {
  /** Snapshots of every remote project, labelled; empty when not connected. */
  snapshots(): ProjectSnapshot[];
  /** The hub's apps of those projects (same ids); empty when not connected. */
  apps(): AppGroup[];
  readonly onDidChange: (listener: () => void) => Disposable;
}

/** `name (team: machine)`: the hub gives paths as `<machine>:<folder>`. */
export function labelRemote(snap: ProjectSnapshot): ProjectSnapshot {
  const colon = snap.project.path.indexOf(':');
  const machine = colon > 0 ? snap.project.path.slice(0, colon) : 'hub';
  return { ...snap, project: { ...snap.project, name: `${snap.project.name} (team: ${machine})` } };
}

/** Adapts the Team view (current client + change event) for the dashboard. */
export function remoteProjects(view: { client(): TeamClient | undefined; readonly onDidChange: (listener: () => void) => Disposable }): RemoteProjects {
  return {
    snapshots: () => (view.client()?.projects() ?? []).map(labelRemote),
    apps: () => view.client()?.apps() ?? [],
    onDidChange: view.onDidChange,
  };
}
