// What the project picker's value means: one project, all projects, or all projects of one app.
import type { AppGroup, ProjectSnapshot } from '../../core/domain';
import type { DashboardState } from './dashboardState';
import { ALL_PROJECTS } from './uiState';

/** Picker values of apps are `app:<appId>` (project ids are hex hashes, so they never collide). */
export const APP_PREFIX = 'app:';

/** The picker value of an app. */
export const appValue = (appId: string): string => `${APP_PREFIX}${appId}`;

/** The resolved selection. */
export interface Selection {
  /** The picker value actually shown (a vanished project or app falls back to all). */
  selected: string;
  /** The one project shown, or null for a multi-project view. */
  single: ProjectSnapshot | null;
  /** The app shown, or null. */
  app: AppGroup | null;
  /** Every project on the board, in host order. */
  shown: ProjectSnapshot[];
}

/** Resolves the user's (or the host's suggested) choice against the current state. */
export function resolveSelection(state: Pick<DashboardState, 'projects' | 'snapshots' | 'apps' | 'loaded'>, chosen: string): Selection {
  const all = (): ProjectSnapshot[] => state.projects.map(p => state.snapshots[p.id]).filter((s): s is ProjectSnapshot => !!s);
  if (chosen.startsWith(APP_PREFIX)) {
    const app = state.apps.find(a => appValue(a.appId) === chosen);
    if (app) {
      const ids = new Set(app.projectIds);
      return { selected: chosen, single: null, app, shown: all().filter(s => ids.has(s.project.id)) };
    }
    if (state.loaded) return { selected: ALL_PROJECTS, single: null, app: null, shown: all() };
    return { selected: chosen, single: null, app: null, shown: [] };
  }
  if (chosen === ALL_PROJECTS) return { selected: chosen, single: null, app: null, shown: all() };
  const snap = state.snapshots[chosen];
  if (snap) return { selected: chosen, single: snap, app: null, shown: [snap] };
  if (!state.loaded) return { selected: chosen, single: null, app: null, shown: [] };
  return { selected: ALL_PROJECTS, single: null, app: null, shown: all() };
}
