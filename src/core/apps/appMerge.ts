// One app list for a picker that shows local and team projects together: groups with the same app id are one app,
// whichever side (this window or the team hub) they come from.
import type { AppGroup } from '../domain';

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])].sort();

/**
 * Merges local and remote app groups by app id: roots and members are united (sorted), project ids keep local
 * ones first, then remote ones, without duplicates. Groups without a project are dropped; the result is by app id.
 */
export function mergeAppGroups(local: readonly AppGroup[], remote: readonly AppGroup[]): AppGroup[] {
  const byId = new Map<string, AppGroup>();
  for (const g of [...local, ...remote]) {
    const prev = byId.get(g.appId);
    byId.set(g.appId, prev
      ? { appId: g.appId, roots: union(prev.roots, g.roots), members: union(prev.members, g.members), projectIds: [...new Set([...prev.projectIds, ...g.projectIds])] }
      : { appId: g.appId, roots: union([], g.roots), members: union([], g.members), projectIds: [...new Set(g.projectIds)] });
  }
  return [...byId.values()].filter(g => g.projectIds.length > 0).sort((a, b) => a.appId.localeCompare(b.appId));
}
