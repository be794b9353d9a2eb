// PostgreSQL store engine specifics beyond the shared contract: a database that refuses writes is reported once,
// the batch is kept and lands once the database accepts it again; an unusable database fails open() clearly.
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { PgStore } from '../../src/core/store/pgStore';
import { RecordingLogger } from '../fakes/recordingLogger';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

describe('PgStore', function () {
  this.timeout(120_000);
  let pg: TestPostgres;
  let admin: Client;
  const stores: PgStore[] = [];
  before(async () => {
    pg = await startPostgres();
    admin = new Client({ connectionString: pg.url });
    await admin.connect();
  });
  afterEach(async () => { await Promise.allSettled(stores.splice(0).map(s => s.close())); });
  after(async () => { await admin?.end(); await pg?.stop(); });

  const log = (projectId: string, seq: number): { projectId: string; seq: number; timestamp: null; level: 'info'; source: string; message: string } =>
    ({ projectId, seq, timestamp: null, level: 'info', source: 'logs/agent.log', message: `line ${seq}` });

  it('reports a failing database once, keeps the batch, and writes it when the database works again', async () => {
    const logger = new RecordingLogger();
    const s = await PgStore.open({ url: pg.url, machine: 'flaky', log: logger, saveDelayMs: 10_000 });
    stores.push(s);
    await admin.query('ALTER TABLE loki_store_logs RENAME TO loki_store_logs_away');
    try {
      s.appendLogs([log('p1', 1)]);
      await s.flush();
      s.appendLogs([log('p1', 2)]);
      await s.flush();
      assert.equal(logger.at('error').length, 1, logger.at('error').join('\n'));
      assert.match(logger.at('error')[0]!, /cannot write to PostgreSQL/);
      assert.deepEqual(s.logs('p1').map(l => l.seq), [1, 2], 'reads keep answering from memory');
    } finally {
      await admin.query('ALTER TABLE loki_store_logs_away RENAME TO loki_store_logs');
    }
    await s.flush();
    assert.ok(logger.at('info').some(m => /works again/.test(m)));
    const rows = await admin.query<{ seq: string }>(`SELECT seq FROM loki_store_logs WHERE machine = 'flaky' ORDER BY seq`);
    assert.deepEqual(rows.rows.map(r => Number(r.seq)), [1, 2]);
  });

  it('applies its migrations once, however many stores open at the same time', async () => {
    await admin.query('CREATE DATABASE migrate_race');
    const url = pg.url.replace(/\/postgres$/, '/migrate_race');
    const opened = await Promise.all(['m1', 'm2', 'm3'].map(machine => PgStore.open({ url, machine, log: new RecordingLogger() })));
    stores.push(...opened);
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      assert.deepEqual((await c.query<{ version: number }>('SELECT version FROM loki_store_migrations')).rows.map(r => r.version), [1]);
    } finally {
      await c.end();
    }
  });

  it('rejects open() with the database error when the server cannot be reached', async () => {
    const port = Number(new URL(pg.url).port);
    await assert.rejects(
      PgStore.open({ url: `postgresql://postgres@127.0.0.1:${port}/no_such_db`, machine: 'x', log: new RecordingLogger() }),
      /no_such_db/,
    );
  });
});
