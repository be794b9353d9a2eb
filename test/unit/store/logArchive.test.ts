import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LogEntry } from '../../../src/core/domain';
import { nullLogger } from '../../../src/core/logger';
import { logArchivePath } from '../../../src/core/store/logArchive';
import { migrate } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJs';
import { StoreHarness } from '../../fakes/storeHarness';
import { makeTempDir } from '../../fakes/tempDir';

const P = 'p00000000001';
const line = (seq: number, message = `line ${seq}`): LogEntry => ({ seq, projectId: P, timestamp: null, level: 'info', source: 'logs/agent.log', message });

describe('Store log archive (<file>.logs.jsonl)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let stores: StoreHarness;
  beforeEach(() => { tmp = makeTempDir('loki-logarchive-'); stores = new StoreHarness(); });
  afterEach(async () => { await stores.closeAll(); tmp.cleanup(); });

  it('keeps every flushed line after a crash that tore the last append, and appends after it cleanly', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const s1 = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000 });
    s1.appendLogs([line(1), line(2)]);
    await s1.flush();
    await s1.close();
    // A crash in the middle of the next append leaves half a line at the end.
    appendFileSync(logArchivePath(file), '[["p00000000001",3,null,"info","logs/ag');

    const s2 = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000 });
    assert.deepEqual(s2.logs(P).map(l => l.message), ['line 1', 'line 2']);
    s2.appendLogs([line(3, 'after the crash')]);
    await s2.close();

    const s3 = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(s3.logs(P).map(l => l.message), ['line 1', 'line 2', 'after the crash']);
    assert.equal(s3.maxLogSeq(P), 3);
  });

  it('rewrites the file to what retention keeps once it holds far more, and replaces a repeated seq', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const s1 = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000, logRetention: 100 });
    let seq = 0;
    for (let batch = 0; batch < 40; batch++) {
      s1.appendLogs(Array.from({ length: 1000 }, () => line(++seq)));
      await s1.flush();
    }
    s1.appendLogs([line(seq, 'replaced')]);
    await s1.close();
    const stored = readFileSync(logArchivePath(file), 'utf8').split('\n').reduce((n, l) => n + (l ? (JSON.parse(l) as unknown[]).length : 0), 0);
    assert.ok(stored < 20_000, `compacted to ${stored} lines`);

    const s2 = await stores.openStore({ file, log: nullLogger, logRetention: 100 });
    const kept = s2.logs(P, { limit: 1000 });
    assert.equal(kept.length, 100);
    assert.equal(kept[0]?.seq, seq - 99);
    assert.equal(kept.at(-1)?.message, 'replaced');
  });

  it('moves the log rows of an older file out of the database, without losing them', async () => {
    const SQL = await loadSqlJs();
    const old = new SQL.Database();
    migrate(old);
    for (const seq of [7, 8]) old.run("INSERT INTO logs (project_id, seq, timestamp, level, source, message) VALUES (?, ?, NULL, 'warn', 'logs/agent.log', ?)", [P, seq, `old ${seq}`]);
    const file = path.join(tmp.dir, 'loki.sqlite');
    writeFileSync(file, old.export());
    old.close();

    const s1 = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(s1.logs(P, { level: 'warn' }).map(l => l.message), ['old 7', 'old 8']);
    s1.appendLogs([line(9)]);
    await s1.close();

    const db = new SQL.Database(readFileSync(file));
    assert.equal(db.exec('SELECT COUNT(*) FROM logs')[0]?.values[0]?.[0], 0, 'the table is emptied');
    db.close();
    const s2 = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(s2.logs(P).map(l => l.message), ['old 7', 'old 8', 'line 9']);
  });
});
