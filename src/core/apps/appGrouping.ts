// Pure grouping of projects under their apps, shared by the Projects tree and tests.
import type { AppGroup, ProjectInfo } from '../domain';

/** A top-level row: an app with its projects, or a project of no app. */
export type GroupedRow =
  | { kind: 'app'; app: AppGroup; projects: ProjectInfo[] }
  | { kind: 'project'; project: ProjectInfo };

const byName = (a: ProjectInfo, b: ProjectInfo): number => a.name.localeCompare(b.name);

/** Apps first (by id, each with its projects by name), then the remaining projects by name. */
export function groupProjectsByApp(projects: readonly ProjectInfo[], apps: readonly AppGroup[]): GroupedRow[] {
  const grouped = new Set<string>();
  const rows: GroupedRow[] = [];
  for (const app of [...apps].sort((a, b) => a.appId.localeCompare(b.appId))) {
    const ids = new Set(app.projectIds);
    const members = projects.filter(p => ids.has(p.id) && !grouped.has(p.id)).sort(byName);
    if (members.length === 0) continue;
    for (const p of members) grouped.add(p.id);
    rows.push({ kind: 'app', app, projects: members });
  }
  for (const project of projects.filter(p => !grouped.has(p.id)).sort(byName)) rows.push({ kind: 'project', project });
  return rows;
}
