import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nullLogger } from '../../../src/core/logger';
import { makeAgent, makeLearning, makeSession, makeTask } from '../../fakes/domain';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { waitFor } from '../../fakes/waitFor';
import { StoreHarness } from '../../fakes/storeHarness';
import { makeTempDir } from '../../fakes/tempDir';

const P = 'p00000000001';

describe('Store', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let stores: StoreHarness;
  beforeEach(() => { tmp = makeTempDir('loki-store-'); stores = new StoreHarness(); });
  afterEach(async () => { await stores.closeAll(); tmp.cleanup(); });

  it('keeps projects, sessions, tasks, moves, agents, logs, learnings and events across a close and reopen', async () => {
    const file = path.join(tmp.dir, 'sub', 'loki.sqlite');
    const s1 = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000 });
    const session = makeSession(P, { status: 'completed', endedAt: '2026-08-20T15:00:00Z', costUsd: 1.25 });
    s1.upsertProject({ id: P, name: 'proj', path: '/home/dev/proj', registered: true, lastSeenAt: 5 });
    s1.upsertTasks(P, session.id, [makeTask('prd-001', 'completed', { costUsd: 0.5, notes: ['a'] }), makeTask('prd-002', 'failed')]);
    s1.upsertSession(session, { pending: 0, in_progress: 0, review: 0, completed: 1, failed: 1 });
    s1.recordMove({ projectId: P, taskId: 'prd-001', from: 'pending', to: 'in_progress', at: 1, by: 'runner' });
    s1.recordMove({ projectId: P, taskId: 'prd-001', from: 'in_progress', to: 'completed', at: 2, by: 'user' });
    s1.upsertAgents([makeAgent(P, session.id, 'toolu_1', { status: 'completed' })]);
    s1.appendLogs([1, 2, 3].map(seq => ({ seq, projectId: P, timestamp: null, level: 'info' as const, source: 'logs/agent.log', message: `line ${seq}` })));
    s1.upsertLearnings([makeLearning('l1', P, 'Use atomic renames'), makeLearning('g1', null, 'Global tip')]);
    s1.appendEvents(P, [{ timestamp: '2026-08-20T14:29:00Z', type: 'iteration_start', source: 'run.sh', data: { iteration: 1 } }]);
    await s1.close();

    const s2 = await stores.openStore({ file, log: nullLogger });
    try {
      assert.deepEqual(s2.listProjects(), [{ id: P, name: 'proj', path: '/home/dev/proj', registered: true, lastSeenAt: 5 }]);
      const [summary] = s2.listSessions(P);
      assert.equal(summary?.id, session.id);
      assert.equal(summary?.status, 'completed');
      assert.equal(summary?.costUsd, 1.25);
      assert.deepEqual(summary?.taskCounts, { pending: 0, in_progress: 0, review: 0, completed: 1, failed: 1 });
      assert.deepEqual(s2.listTasks(P, session.id), [makeTask('prd-001', 'completed', { costUsd: 0.5, notes: ['a'] }), makeTask('prd-002', 'failed')]);
      assert.deepEqual(s2.taskMoves(P, 'prd-001').map(m => [m.from, m.to, m.by]), [['pending', 'in_progress', 'runner'], ['in_progress', 'completed', 'user']]);
      assert.deepEqual(s2.listAgents(P, session.id).map(a => [a.id, a.status]), [['toolu_1', 'completed']]);
      assert.deepEqual(s2.logs(P).map(l => l.message), ['line 1', 'line 2', 'line 3']);
      assert.equal(s2.maxLogSeq(P), 3);
      assert.deepEqual(s2.listLearnings(P).map(l => l.id).sort(), ['g1', 'l1']);
      assert.deepEqual(s2.listLearnings(null).map(l => l.id), ['g1']);
      assert.deepEqual(s2.listEvents(P).map(e => [e.type, e.data]), [['iteration_start', { iteration: 1 }]]);
    } finally {
      await s2.close();
    }
  });

  it('keeps each session its own copy of a task id that recurs in a later session', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const s1 = await stores.openStore({ file, log: nullLogger, now: (() => { let t = 0; return () => ++t; })() });
    const first = makeSession(P, { id: `${P}:2026-08-20T10:00:00Z`, status: 'completed' });
    const second = makeSession(P, { id: `${P}:2026-08-21T10:00:00Z` });
    s1.upsertSession(first, { pending: 0, in_progress: 0, review: 0, completed: 1, failed: 0 });
    s1.upsertTasks(P, first.id, [makeTask('prd-001', 'completed')]);
    s1.upsertSession(second, { pending: 1, in_progress: 0, review: 0, completed: 0, failed: 0 });
    s1.upsertTasks(P, second.id, [makeTask('prd-001', 'pending')]);
    await s1.close();

    const s2 = await stores.openStore({ file, log: nullLogger });
    try {
      assert.deepEqual(s2.listSessions(P).map(s => s.id), [second.id, first.id]);
      assert.equal(s2.listTasks(P, first.id)[0]?.status, 'completed');
      assert.equal(s2.listTasks(P, second.id)[0]?.status, 'pending');
      assert.deepEqual(s2.listTasks(P).map(t => t.status), ['pending'], 'without a session: the newest record per id');
      s2.removeTasks(P, ['prd-001'], second.id);
      assert.equal(s2.listTasks(P, first.id).length, 1, 'removing from one session leaves the history alone');
    } finally {
      await s2.close();
    }
  });

  it('pages logs newest last and filters by minimum level and text', async () => {
    const store = await stores.openStore({ file: null, log: nullLogger });
    const levels = ['debug', 'info', 'warn', 'error'] as const;
    store.appendLogs(Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1, projectId: P, timestamp: null, level: levels[i % 4]!, source: 'logs/agent.log', message: i % 10 === 0 ? `Needle_${i}%` : `line ${i}`,
    })));
    assert.deepEqual(store.logs(P, { limit: 3 }).map(l => l.seq), [38, 39, 40]);
    assert.deepEqual(store.logs(P, { limit: 3, beforeSeq: 38 }).map(l => l.seq), [35, 36, 37]);
    assert.ok(store.logs(P, { level: 'warn', limit: 100 }).every(l => l.level === 'warn' || l.level === 'error'));
    assert.equal(store.logs(P, { level: 'warn', limit: 100 }).length, 20);
    assert.deepEqual(store.logs(P, { text: 'needle_', limit: 100 }).map(l => l.seq), [1, 11, 21, 31]);
    assert.deepEqual(store.logs(P, { text: '0%', limit: 100 }).map(l => l.seq), [1, 11, 21, 31], '% is matched literally');
    await store.close();
  });

  it('keeps at most logRetention lines per project, the newest ones', async () => {
    const store = await stores.openStore({ file: null, log: nullLogger, logRetention: 1000 });
    let seq = 0;
    for (let batch = 0; batch < 25; batch++) {
      store.appendLogs(Array.from({ length: 100 }, () => ({ seq: ++seq, projectId: P, timestamp: null, level: 'info' as const, source: 'logs/agent.log', message: `l${seq}` })));
    }
    store.appendLogs([{ seq: 1, projectId: 'other', timestamp: null, level: 'info', source: 'x', message: 'other project' }]);
    const all = store.logs(P, { limit: 100_000 });
    assert.equal(all.length, 1000);
    assert.equal(all[0]?.seq, 1501);
    assert.equal(store.maxLogSeq(P), 2500);
    assert.equal(store.logs('other').length, 1, 'other projects are not trimmed');
    await store.close();
  });

  it('matches learnings by text in any case and escapes LIKE wildcards', async () => {
    const store = await stores.openStore({ file: null, log: nullLogger });
    store.upsertLearnings([makeLearning('a', P, 'Prefer 100% coverage'), makeLearning('b', P, 'prefer small files'), makeLearning('c', 'other', 'PREFER tests')]);
    assert.deepEqual(store.listLearnings(P, 'PREFER').map(l => l.id).sort(), ['a', 'b']);
    assert.deepEqual(store.listLearnings(undefined, '0%').map(l => l.id), ['a']);
    assert.equal(store.listLearnings(undefined, 'prefer').length, 3);
    await store.close();
  });

  it('coalesces a burst of writes into one save', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    let saves = 0;
    const store = await stores.openStore({ file, log: nullLogger, saveDelayMs: 30, onSaved: () => { saves++; } });
    for (let i = 0; i < 200; i++) store.upsertTasks(P, 's', [makeTask(`t-${i}`, 'pending')]);
    assert.equal(saves, 0, 'nothing is written synchronously');
    await waitFor('the debounced save', () => saves > 0);
    await store.flush();
    assert.equal(saves, 1);
    await store.flush();
    assert.equal(saves, 1, 'a flush without changes writes nothing');
    store.upsertTasks(P, 's', [makeTask('late', 'pending')]);
    await store.close();
    assert.equal(saves, 2, 'close writes the pending change');
    const reopened = await stores.openStore({ file, log: nullLogger });
    assert.equal(reopened.listTasks(P, 's').length, 201);
    await reopened.close();
  });

  it('keeps the previous copy as .bak on every save', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const store = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000 });
    store.upsertTasks(P, 's', [makeTask('one', 'pending')]);
    await store.flush();
    store.upsertTasks(P, 's', [makeTask('two', 'pending')]);
    await store.close();
    assert.ok(existsSync(`${file}.bak`));
    writeFileSync(file, 'garbage, not sqlite');
    const fromBak = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(fromBak.listTasks(P, 's').map(t => t.id), ['one']);
    await fromBak.close();
  });

  it('recovers from the backup when the main file is corrupt, and keeps the corrupt file aside', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const s1 = await stores.openStore({ file, log: nullLogger });
    s1.upsertProject({ id: P, name: 'proj', path: '/p', registered: true, lastSeenAt: 1 });
    await s1.flush();
    s1.upsertProject({ id: 'second', name: 'second', path: '/q', registered: true, lastSeenAt: 1 });
    await s1.close();
    writeFileSync(file, Buffer.alloc(8192, 7));

    const log = new RecordingLogger();
    const s2 = await stores.openStore({ file, log, now: () => 1234 });
    assert.deepEqual(s2.listProjects().map(p => p.id), [P]);
    assert.equal(log.at('warn').filter(m => m.includes('recovered')).length, 1);
    assert.ok(existsSync(`${file}.corrupt.1234`));
    await s2.close();
    const s3 = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(s3.listProjects().map(p => p.id), [P], 'the recovered state was saved as the new main file');
    await s3.close();
  });

  it('starts empty when main file and backup are both corrupt, without throwing', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    writeFileSync(file, 'SQLite format 3\0 but then nonsense'.repeat(200));
    writeFileSync(`${file}.bak`, 'also nonsense');
    const log = new RecordingLogger();
    const store = await stores.openStore({ file, log, now: () => 99 });
    assert.deepEqual(store.listProjects(), []);
    store.upsertProject({ id: P, name: 'proj', path: '/p', registered: false, lastSeenAt: 1 });
    await store.close();
    const names = readdirSync(tmp.dir).sort();
    assert.ok(names.includes('loki.sqlite.corrupt.99'), names.join(','));
    assert.ok(log.at('warn').some(m => m.includes('empty store')));
    const again = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), [P]);
    await again.close();
  });

  it('reports a failing save once and keeps working in memory', async () => {
    const blocker = path.join(tmp.dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const log = new RecordingLogger();
    const store = await stores.openStore({ file: path.join(blocker, 'loki.sqlite'), log, saveDelayMs: 10_000 });
    store.upsertTasks(P, 's', [makeTask('a', 'pending')]);
    await store.flush();
    store.upsertTasks(P, 's', [makeTask('b', 'pending')]);
    await store.flush();
    assert.equal(log.at('error').length, 1);
    assert.equal(store.listTasks(P, 's').length, 2);
    await store.close();
  });

  it('never touches the disk when file is null', async () => {
    let saves = 0;
    const store = await stores.openStore({ file: null, log: nullLogger, saveDelayMs: 1, onSaved: () => { saves++; } });
    store.upsertTasks(P, 's', [makeTask('a', 'pending')]);
    await store.close();
    assert.equal(saves, 0);
  });
});
