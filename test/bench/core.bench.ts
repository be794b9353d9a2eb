// Store and reconciliation figures: bulk task and log inserts (time, file size), snapshot diff of 10,000 tasks,
// and a full read of a real runner tree through LokiCore.
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { LokiCore } from '../../src/core/lokiCore';
import { nullLogger } from '../../src/core/logger';
import { TASK_STATUSES } from '../../src/core/domain';
import type { Task } from '../../src/core/domain';
import { diffSnapshots } from '../../src/core/snapshotDiff';
import { Store } from '../../src/core/store/store';
import { makeTask } from '../fakes/domain';
import { emptyDerived } from '../fakes/fakeProjectModel';

const ms = (t0: bigint): string => `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const line = (label: string, value: string): void => { process.stdout.write(`${label.padEnd(48)} ${value}\n`); };

function tasks(n: number, statusOf: (i: number) => Task['status']): Task[] {
  return Array.from({ length: n }, (_, i) => makeTask(`task-${i}`, statusOf(i), {
    description: `Implement part ${i} of the feature with enough text to look like a real PRD task description.`,
    acceptanceCriteria: ['it works', 'it is tested'],
  }));
}

async function storeBench(dir: string): Promise<void> {
  const file = path.join(dir, 'bench.sqlite');
  const store = await Store.open({ file, log: nullLogger, saveDelayMs: 60_000 });
  let t0 = process.hrtime.bigint();
  store.upsertTasks('p', 's', tasks(10_000, () => 'pending'));
  line('store: upsert 10,000 tasks (one call)', ms(t0));
  t0 = process.hrtime.bigint();
  for (let b = 0; b < 100; b++) {
    store.appendLogs(Array.from({ length: 1000 }, (_, i) => {
      const seq = b * 1000 + i + 1;
      return { seq, projectId: 'p', timestamp: '2026-08-20T14:28:50Z', level: 'info' as const, source: 'logs/agent.log', message: `[iteration ${b}] tool call ${seq}: Edit src/file${seq % 50}.ts (ok)` };
    }));
  }
  line('store: append 100,000 log lines (100 batches)', ms(t0));
  t0 = process.hrtime.bigint();
  await store.flush();
  line('store: save (export + atomic write)', ms(t0));
  line('store: file size (10k tasks, 50k retained lines)', mb(statSync(file).size));
  t0 = process.hrtime.bigint();
  const page = store.logs('p', { limit: 500, text: 'file7' });
  line(`store: log page with text filter (${page.length} rows)`, ms(t0));
  t0 = process.hrtime.bigint();
  const listed = store.listTasks('p', 's');
  line(`store: list ${listed.length} tasks of a session`, ms(t0));
  await store.close();
  t0 = process.hrtime.bigint();
  const reopened = await Store.open({ file, log: nullLogger });
  line('store: reopen', ms(t0));
  reopened.dispose();
}

function diffBench(): void {
  const project = { id: 'p', name: 'p', path: '/p' };
  const a = emptyDerived(project);
  for (const t of tasks(10_000, i => TASK_STATUSES[i % 3]!)) a.columns[t.status].push(t);
  const b = structuredClone(a);
  // 1% of the cards move one column to the right, 1% change text.
  for (let i = 0; i < 100; i++) {
    const t = b.columns.pending.shift()!;
    b.columns.in_progress.push({ ...t, status: 'in_progress' });
    const u = b.columns.review[i]!;
    b.columns.review[i] = { ...u, title: u.title + ' (edited)' };
  }
  let t0 = process.hrtime.bigint();
  const same = diffSnapshots(a, structuredClone(a));
  line(`diff: 10,000 tasks, nothing changed (${same.length} changes)`, ms(t0));
  t0 = process.hrtime.bigint();
  const changes = diffSnapshots(a, b);
  line(`diff: 10,000 tasks, 200 changed (${changes.length} changes)`, ms(t0));
}

async function loadBench(dir: string): Promise<void> {
  const src = path.resolve(__dirname, '../fixtures/loki-runs/claude-todo/final/.loki');
  const project = path.join(dir, 'proj');
  mkdirSync(project);
  cpSync(src, path.join(project, '.loki'), { recursive: true });
  const store = await Store.open({ file: null, log: nullLogger });
  const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const info = await core.addProject(project);
  line('load: claude-todo final tree via LokiCore.addProject', ms(t0));
  const snap = core.snapshot(info.id)!;
  line('load: tasks / log lines stored', `${TASK_STATUSES.reduce((n, s) => n + snap.columns[s].length, 0)} / ${store.maxLogSeq(info.id)}`);
  line('load: heap growth', mb(process.memoryUsage().heapUsed - heap0));
  core.dispose();
  store.dispose();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loki-bench-'));
  try {
    await storeBench(dir);
    diffBench();
    await loadBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
