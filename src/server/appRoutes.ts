// App graphs over the API: `GET /api/apps` and the `?app=` filter the list routes share.
import type { AppGroup, ProjectInfo } from '../core/domain';
import { ApiError } from './httpUtil';
import type { RouteDef } from './router';
import type { AppSource, DataSource } from './types';

/** Projects of `?app=` (all when absent); 404 when no watched project belongs to that app. */
export function filterByApp(apps: AppSource | undefined, projects: ProjectInfo[], appId: string | null): ProjectInfo[] {
  if (appId === null || appId === '') return projects;
  const group = apps?.apps().find(a => a.appId === appId);
  if (!group) throw new ApiError(404, 'app_not_found', `no app with id ${appId}`);
  const ids = new Set(group.projectIds);
  return projects.filter(p => ids.has(p.id));
}

/** One app with its summed spend and live counts. */
function appSummary(source: DataSource, g: AppGroup): Record<string, unknown> {
  const snaps = g.projectIds.flatMap(id => { const s = source.snapshot(id); return s ? [s] : []; });
  return {
    ...g,
    costUsd: snaps.reduce((a, s) => a + (s.session.costUsd ?? 0), 0),
    running: snaps.filter(s => s.session.status === 'running').length,
    pendingTasks: snaps.reduce((a, s) => a + s.columns.pending.length, 0),
  };
}

/** The app routes. */
export function appRoutes(source: DataSource, apps: AppSource | undefined): RouteDef[] {
  return [{
    method: 'GET', path: '/api/apps', scope: 'read', summary: 'Multi-repo apps (`.loki/app.json`) with their projects and summed cost',
    handler: () => ({ status: 200, body: { apps: (apps?.apps() ?? []).map(g => appSummary(source, g)) } }),
  }];
}
