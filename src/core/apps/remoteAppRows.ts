// The Team section's rows: a hub's projects grouped under their apps exactly as local projects are (the same
// grouping), with the app groups of both sides joined by app id so one app reads the same in both sections.
import type { AppGroup, ProjectSnapshot } from '../domain';
import { groupProjectsByApp } from './appGrouping';
import { mergeAppGroups } from './appMerge';

/** A row of the Team section: an app with its remote projects, or a remote project of no app. */
export type RemoteRow =
  | { kind: 'app'; app: AppGroup; snaps: ProjectSnapshot[] }
  | { kind: 'remote'; snap: ProjectSnapshot };

/**
 * Groups remote snapshots by app: apps first (by id, members by name), then the projects of no app. `localApps`
 * only adds roots and members to an app the hub also reports; a local project id never pulls a remote one into an app.
 */
export function groupRemoteByApp(snaps: readonly ProjectSnapshot[], localApps: readonly AppGroup[], teamApps: readonly AppGroup[]): RemoteRow[] {
  const byId = new Map(snaps.map(s => [s.project.id, s]));
  const teamIds = new Set(teamApps.map(a => a.appId));
  const teamMembers = new Map(teamApps.map(a => [a.appId, new Set(a.projectIds)]));
  // Only the hub says which remote project is in which app; the local side contributes its description.
  const apps = mergeAppGroups(localApps.filter(a => teamIds.has(a.appId)), teamApps)
    .map(a => ({ ...a, projectIds: a.projectIds.filter(id => teamMembers.get(a.appId)?.has(id)) }));
  return groupProjectsByApp(snaps.map(s => s.project), apps).flatMap((row): RemoteRow[] => {
    if (row.kind === 'project') {
      const snap = byId.get(row.project.id);
      return snap ? [{ kind: 'remote', snap }] : [];
    }
    return [{ kind: 'app', app: row.app, snaps: row.projects.flatMap(p => byId.get(p.id) ?? []) }];
  });
}
