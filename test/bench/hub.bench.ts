// Team mode: a task written to a publisher's `.loki` until a WebSocket client of the hub holds its `task:created`.
// The path: real files -> chokidar -> LokiCore (PgStore) -> TeamPublisher (batched transaction + NOTIFY) ->
// PostgreSQL -> TeamHub (LISTEN) -> ApiServer -> ws client. Needs a PostgreSQL server install (`pg_ctl`); without
// one the row is skipped with the reason printed, never faked. Figures are printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import WebSocket from 'ws';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { PgStore } from '../../src/core/store/pgStore';
import { ApiServer } from '../../src/server/apiServer';
import { TeamHub } from '../../src/server/team/teamHub';
import { teamTiming } from '../../src/server/team/teamKeys';
import { TeamPublisher } from '../../src/server/team/teamPublisher';
import { MemoryTokenStore } from '../../src/server/tokens';
import { binDir, startPostgres } from '../pg/helpers/postgres';
import { header, pause, percentiles, queueRecord, row, writeAtomic, writeProject } from './liveFixture';

const SAMPLES = 60;

async function main(): Promise<void> {
  header('Team mode: write on a publisher -> hub WebSocket client (p50 / p95 / p99)', 'note');
  try {
    binDir();
  } catch (err) {
    row('publisher write -> hub ws client', 'skipped', `no PostgreSQL server install: ${(err as Error).message}`);
    return;
  }
  const pg = await startPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loki-bench-hub-'));
  const timing = teamTiming();
  const store = await PgStore.open({ url: pg.url, machine: 'bench', log: nullLogger });
  const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
  const pubPool = new Pool({ connectionString: pg.url, max: 4 });
  const hubPool = new Pool({ connectionString: pg.url, max: 4 });
  const tokens = new MemoryTokenStore();
  let publisher: TeamPublisher | undefined;
  let hub: TeamHub | undefined;
  let server: ApiServer | undefined;
  let ws: WebSocket | undefined;
  try {
    const records = Array.from({ length: 100 }, (_, i) => queueRecord(i));
    const file = writeProject(dir, records);
    await core.addProject(dir);
    hub = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    publisher = await TeamPublisher.start({ pool: pubPool, machine: 'bench', source: core, log: nullLogger, timing });
    await tokens.ready();
    const { token } = await tokens.create('read', 'bench');
    server = await ApiServer.start({ source: hub, apps: hub, tokens, log: nullLogger, host: '127.0.0.1', port: 0 });
    const socket = new WebSocket(`${server.wsUrl}?token=${encodeURIComponent(token)}`);
    ws = socket;
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
    const waiters = new Map<string, () => void>();
    const subscribed = new Promise<void>(resolve => {
      socket.on('message', data => {
        const m = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as { type: string; data?: { task?: { id?: string } } };
        if (m.type === 'subscribed') resolve();
        const id = m.type === 'task:created' ? m.data?.task?.id : undefined;
        if (id) waiters.get(id)?.();
      });
    });
    socket.send(JSON.stringify({ type: 'subscribe', channels: ['*'] }));
    await subscribed;
    const out: number[] = [];
    for (let k = 0; k < SAMPLES + 3; k++) {
      const rec = queueRecord(1_000_000 + k);
      records.push(rec);
      const seen = new Promise<void>(resolve => waiters.set(rec.id as string, resolve));
      const t0 = performance.now();
      writeAtomic(file, JSON.stringify(records, null, 2));
      await seen;
      if (k >= 3) out.push(performance.now() - t0);
      await pause(20, 60);
    }
    row('publisher write -> hub ws client (100 tasks)', percentiles(out), `includes the publisher's ${timing.flushMs} ms batch window`);
  } finally {
    ws?.terminate();
    await server?.close();
    await publisher?.close();
    await hub?.close();
    core.dispose();
    tokens.dispose();
    await store.close();
    await pubPool.end();
    await hubPool.end();
    rmSync(dir, { recursive: true, force: true });
    await pg.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`hub bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
