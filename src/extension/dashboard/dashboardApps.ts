// The apps the dashboard's picker offers: this window's apps and the team hub's, one per app id, so a local and a
// remote member of the same app form one "All projects of <app>" board. No vscode import.
import { mergeAppGroups } from '../../core/apps/appMerge';
import type { AppGroup } from '../../core/domain';
import type { ExtensionServices } from '../services';

/** Local apps merged with the connected hub's (remote project ids are the ids the picker gets for those projects). */
export function dashboardApps(svc: Pick<ExtensionServices, 'apps' | 'team'>): AppGroup[] {
  return mergeAppGroups(svc.apps.apps(), svc.team?.apps() ?? []);
}
