// Loaded by VS Code as `extensionTestsPath` in the activation benchmark: waits for the extension's first full read
// and its history, then writes the activation milestones it recorded to a file the launcher reads.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';

// Replaced at bundle time by the benchmark (env vars do not reliably reach the extension host).
declare const __LOKI_BENCH_RESULT__: string;

/** Entry point VS Code calls. */
export async function run(): Promise<void> {
  const write = (v: unknown): void => writeFileSync(__LOKI_BENCH_RESULT__, JSON.stringify(v));
  try {
    const ext = vscode.extensions.getExtension<LokiDashboardApi>('loki-dashboard.loki-dashboard');
    if (!ext) throw new Error('the extension is not loaded in this host');
    const api = await ext.activate();
    await api.isReady();
    await api.whenHistoryLoaded();
    const tasks = api.core.projects().reduce((n, p) => n + Object.values(api.core.snapshot(p.id)?.columns ?? {}).flat().length, 0);
    // The store saves on a debounce: flush so the next start of the same workspace opens the full database.
    await api.services.store.flush();
    write({ ok: true, timings: api.timings(), tasks, storedSessions: api.core.history().length });
  } catch (err) {
    write({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
}
