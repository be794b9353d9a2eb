// A temp project that looks like a live Loki run, for tests over the real core.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
