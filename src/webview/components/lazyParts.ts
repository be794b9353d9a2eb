// The dashboard's lazily loaded parts, one chunk each (see lazy.tsx), and a way to fetch them all once the board shows.
import { lazyComponent } from './lazy';

export const AgentsTab = lazyComponent(() => import('./AgentsTab').then(m => m.AgentsTab));
export const LogsTab = lazyComponent(() => import('./LogsTab').then(m => m.LogsTab));
export const QualityTab = lazyComponent(() => import('./QualityTab').then(m => m.QualityTab));
export const InsightsTab = lazyComponent(() => import('./insights/InsightsTab').then(m => m.InsightsTab));
export const CardDetail = lazyComponent(() => import('./CardDetail').then(m => m.CardDetail));

/** Loads every part in the background (after first paint), so a tab opens without a spinner. Failures show in place later. */
export function preloadParts(): void {
  for (const part of [CardDetail, AgentsTab, LogsTab, QualityTab, InsightsTab]) part.preload().catch(() => undefined);
}
