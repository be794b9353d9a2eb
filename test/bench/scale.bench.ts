// Host figures at scale: store persist stall (10,000 tasks, 50,000 log lines), log ingest lines per second through
// the real watcher and core, first read of a 10,000-task project, and host memory at 10,000 tasks and 100,000 log
// lines. Printed, never asserted.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { Store } from '../../src/core/store/store';
import { makeTask } from '../fakes/domain';
import { header, percentiles, queueRecord, row, since, writeProject } from './liveFixture';

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The longest the event loop stays blocked while the store saves (export + atomic write), over several saves. */
async function persistStall(dir: string): Promise<{ sync: number[]; loopMax: number[] }> {
  const store = await Store.open({ file: path.join(dir, 'stall.sqlite'), log: nullLogger, saveDelayMs: 60_000 });
  store.upsertTasks('p', 's', Array.from({ length: 10_000 }, (_, i) => makeTask(`task-${i}`, 'pending', { description: `Implement part ${i} of the feature.` })));
  for (let b = 0; b < 50; b++) {
    store.appendLogs(Array.from({ length: 1000 }, (_, i) => ({ seq: b * 1000 + i + 1, projectId: 'p', timestamp: '2026-08-20T14:28:50Z', level: 'info' as const, source: 'logs/agent.log', message: `[iteration ${b}] tool call ${i}: Edit src/file${i % 50}.ts (ok)` })));
  }
  await store.flush();
  const sync: number[] = [];
  const loopMax: number[] = [];
  for (let k = 0; k < 10; k++) {
    store.upsertTasks('p', 's', [makeTask(`task-${k}`, 'in_progress')]);
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    const saved = store.flush();
    sync.push(since(t0));
    await saved;
    h.disable();
    loopMax.push(h.max / 1e6);
  }
  await store.close();
  return { sync, loopMax };
}

/** Lines per second from an appended log file to the store, through chokidar, the tails and the core. */
async function logIngest(dir: string, core: LokiCore, store: Store, projectId: string, lines: number): Promise<number> {
  const file = path.join(dir, '.loki', 'logs', 'agent.log');
  mkdirSync(path.dirname(file), { recursive: true });
  // A log file seen for the first time is read from its last 256 KiB: let the core see it (one line) first.
  const seq0 = store.maxLogSeq(projectId);
  appendFileSync(file, '2026-08-20T14:28:49Z [INFO] bench log starts\n');
  const seen = Date.now() + 30_000;
  while (store.maxLogSeq(projectId) === seq0 && Date.now() < seen) await new Promise(r => setTimeout(r, 5));
  const start = store.maxLogSeq(projectId);
  const t0 = performance.now();
  const batch = 10_000;
  for (let b = 0; b < lines / batch; b++) {
    appendFileSync(file, Array.from({ length: batch }, (_, i) => `2026-08-20T14:28:50Z [INFO] [iteration ${b}] tool call ${b * batch + i}: Edit src/file${i % 50}.ts (ok)\n`).join(''));
  }
  const deadline = Date.now() + 120_000;
  while (store.maxLogSeq(projectId) - start < lines && Date.now() < deadline) {
    await core.settled(projectId);
    await new Promise(r => setTimeout(r, 5));
  }
  const got = store.maxLogSeq(projectId) - start;
  if (got < lines) process.stdout.write(`(only ${got} of ${lines} lines reached the store)\n`);
  return (got / since(t0)) * 1000;
}

async function main(): Promise<void> {
  header('Host at scale', 'target');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loki-bench-scale-'));
  try {
    const stall = await persistStall(dir);
    row('store persist stall, 10k tasks + 50k log lines (sync part of a save)', percentiles(stall.sync), '≤ 20 ms');
    row('… longest event-loop block during a save', percentiles(stall.loopMax), '');

    global.gc?.();
    const before = process.memoryUsage();
    const project = path.join(dir, 'proj');
    writeProject(project, Array.from({ length: 10_000 }, (_, i) => queueRecord(i)));
    const store = await Store.open({ file: path.join(dir, 'host.sqlite'), log: nullLogger });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
    try {
      const t0 = performance.now();
      const { id } = await core.addProject(project);
      row('first read of a 10,000-task project (LokiCore.addProject)', `${since(t0).toFixed(1)} ms`, '');
      const rate = await logIngest(project, core, store, id, 100_000);
      row('log ingest, 100,000 appended lines → store', `${Math.round(rate).toLocaleString('en')} lines/s`, '≥ 200,000 lines/s');
      global.gc?.();
      const after = process.memoryUsage();
      row('host memory, 10k tasks + 100k log lines (heap used / RSS)', `${mib(after.heapUsed)} / ${mib(after.rss)}`, `heap growth ${mib(after.heapUsed - before.heapUsed)}`);
    } finally {
      core.dispose();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch(err => { process.stderr.write(`${String(err)}\n`); process.exitCode = 1; });
