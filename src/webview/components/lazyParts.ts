// The dashboard's lazily loaded parts and a way to fetch them once the board shows. They form one chunk: every chunk
// costs the webview a request through its resource loader, and with one lazy group esbuild makes a single chunk of
// the code it shares with the entry (so the board waits for the entry and that one chunk).
import { lazyComponent } from './lazy';
import type * as LazyTabs from './lazyTabs';

let parts: Promise<typeof LazyTabs> | null = null;
const load = () => (parts ??= import('./lazyTabs').catch((e: unknown) => { parts = null; throw e; }));

export const AgentsTab = lazyComponent(() => load().then(m => m.AgentsTab));
export const LogsTab = lazyComponent(() => load().then(m => m.LogsTab));
export const QualityTab = lazyComponent(() => load().then(m => m.QualityTab));
export const InsightsTab = lazyComponent(() => load().then(m => m.InsightsTab));
export const CardDetail = lazyComponent(() => load().then(m => m.CardDetail));

/** Loads the parts in the background (after first paint), so a tab opens without a spinner. A failure shows in place later. */
export function preloadParts(): void {
  for (const part of [CardDetail, AgentsTab, LogsTab, QualityTab, InsightsTab]) part.preload().catch(() => undefined);
}
