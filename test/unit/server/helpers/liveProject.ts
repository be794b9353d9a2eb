// A temp project that looks like a live Loki run, for tests over the real core.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../../src/core/logger';
import { LokiCore } from '../../../../src/core/lokiCore';
import { Store } from '../../../../src/core/store/store';

/** A live-looking run: our own pid in loki.pid (so the runner counts as alive), dashboard state and a pending PRD story. */
export function writeLiveProject(dir: string): void {
  const loki = path.join(dir, '.loki');
  mkdirSync(path.join(loki, 'queue'), { recursive: true });
  writeFileSync(path.join(loki, 'loki.pid'), String(process.pid));
  writeFileSync(path.join(loki, 'dashboard-state.json'), JSON.stringify({ timestamp: '2026-08-20T14:30:00Z', version: '6.0.0', mode: 'autonomous', provider: 'claude', phase: 'BUILDING', iteration: 0, startedAt: '2026-08-20T14:28:50Z' }));
  writeFileSync(path.join(loki, 'queue', 'pending.json'), JSON.stringify([
    { id: 'prd-001', title: 'User login', description: 'Login', priority: 'high', status: 'pending', source: 'prd' },
    { id: 'prd-002', title: 'Logout', description: 'Logout', priority: 'low', status: 'pending', source: 'prd' },
  ]));
}

/** The real core over real files and the chokidar watcher, with an in-memory store; `dispose()` closes both. */
export async function openRealCore(): Promise<{ core: LokiCore; store: Store; dispose: () => void }> {
  const store = await Store.open({ file: null, log: nullLogger });
  const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
  return { core, store, dispose: () => { core.dispose(); store.dispose(); } };
}
