import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nullLogger } from '../../../src/core/logger';
import { Store } from '../../../src/core/store/store';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJs';
import { makeTempDir } from '../../fakes/tempDir';

describe('Store migrations', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('loki-migrate-'); });
  afterEach(() => tmp.cleanup());

  it('numbers the schema by its ordered list of migrations', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    assert.equal(schemaVersion(db), 0);
    assert.equal(migrate(db), MIGRATIONS.length);
    assert.equal(schemaVersion(db), SCHEMA_VERSION);
    assert.equal(migrate(db), SCHEMA_VERSION, 'running again is a no-op');
    db.close();
  });

  it('upgrades a v1 file to the current schema and keeps its rows', async () => {
    const SQL = await loadSqlJs();
    const v1 = new SQL.Database();
    assert.equal(migrate(v1, 1), 1);
    v1.run("INSERT INTO projects (id, name, path, registered, last_seen_at) VALUES ('p1', 'old', '/old', 1, 7)");
    v1.run(
      `INSERT INTO tasks (project_id, task_id, session_id, status, json, updated_at)
       VALUES ('p1', 'prd-001', 's1', 'completed', '{"id":"prd-001","title":"Old","status":"completed","priority":"high","source":"prd","readOnly":false,"file":"queue/completed.json"}', 1)`,
    );
    v1.run("INSERT INTO logs (project_id, seq, timestamp, level, source, message) VALUES ('p1', 41, NULL, 'info', 'logs/agent.log', 'old line')");
    const file = path.join(tmp.dir, 'loki.sqlite');
    writeFileSync(file, v1.export());
    v1.close();

    const store = await Store.open({ file, log: nullLogger });
    try {
      assert.deepEqual(store.listProjects().map(p => [p.id, p.registered]), [['p1', true]]);
      assert.equal(store.listTasks('p1', 's1')[0]?.title, 'Old');
      assert.equal(store.maxLogSeq('p1'), 41);
      // Tables added after v1 work on the upgraded file.
      store.recordMove({ projectId: 'p1', taskId: 'prd-001', from: 'pending', to: 'completed', at: 3, by: 'runner' });
      store.appendEvents('p1', [{ timestamp: null, type: 'x', source: null, data: {} }]);
      assert.equal(store.taskMoves('p1', 'prd-001').length, 1);
      assert.equal(store.listEvents('p1').length, 1);
    } finally {
      await store.close();
    }
    const check = new SQL.Database(readFileSync(file));
    assert.equal(schemaVersion(check), SCHEMA_VERSION);
    check.close();
  });
});
