import assert from 'node:assert/strict';
import path from 'node:path';
import { DeferredStore } from '../../../src/core/store/deferredStore';
import type { StoreApi } from '../../../src/core/store/storeApi';
import { Store } from '../../../src/core/store/store';
import { nullLogger } from '../../../src/core/logger';
import { makeSession, makeTask } from '../../fakes/domain';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { StoreHarness } from '../../fakes/storeHarness';
import { makeTempDir } from '../../fakes/tempDir';
import { waitFor } from '../../fakes/waitFor';

const P = 'proj-1';
const project = { id: P, name: 'proj', path: '/work/proj', registered: false, lastSeenAt: 1 };
const counts = { pending: 1, in_progress: 0, review: 0, completed: 0, failed: 0 };

/** A promise the test resolves: the store opens exactly when the test says so (no timing). */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>(resolve => { open = resolve; });
  return { promise, open };
}

describe('DeferredStore (the store slot activation does not wait for)', () => {
  const stores = new StoreHarness();
  let tmp: ReturnType<typeof makeTempDir>;
  let slots: DeferredStore[] = [];
  beforeEach(() => { tmp = makeTempDir('loki-deferred-'); });
  afterEach(async () => {
    await Promise.allSettled(slots.map(s => s.close()));
    slots = [];
    await stores.closeAll();
    tmp.cleanup();
  });

  const file = (): string => path.join(tmp.dir, 'history.sqlite');
  const slot = (open: () => Promise<StoreApi>, log = new RecordingLogger()): DeferredStore => {
    const s = new DeferredStore({ open, fallback: () => stores.openStore({ file: null, log: nullLogger }), log });
    slots.push(s);
    return s;
  };

  it('answers reads empty while the store opens, then replays the queued writes in order and fires onDidLoad once', async () => {
    const g = gate();
    const s = slot(async () => { await g.promise; return stores.openStore({ file: file(), log: nullLogger }); });
    let loads = 0;
    s.onDidLoad(() => loads++);
    const started = s.start();

    s.upsertProject(project);
    s.upsertSession(makeSession(P, { id: 's1' }), counts);
    s.upsertTasks(P, 's1', [makeTask('a', 'pending'), makeTask('b', 'pending')]);
    s.removeTasks(P, ['a'], 's1');
    s.upsertTasks(P, 's1', [makeTask('a', 'in_progress')]);
    s.appendLogs([{ seq: 1, projectId: P, timestamp: null, level: 'info', source: 'run', message: 'first' }]);

    assert.equal(s.loaded, false);
    assert.equal(s.pendingWrites, 6);
    assert.deepEqual(s.listProjects(), []);
    assert.deepEqual(s.listSessions(P), []);
    assert.deepEqual(s.listTasks(P, 's1'), []);
    assert.equal(s.maxLogSeq(P), 0);
    assert.equal(s.persistent, false);
    assert.equal(loads, 0);

    g.open();
    await started;
    assert.equal(s.loaded, true);
    assert.equal(s.pendingWrites, 0);
    assert.equal(loads, 1);
    assert.equal(s.persistent, true);
    assert.deepEqual(s.listProjects().map(p => p.id), [P]);
    assert.deepEqual(s.listSessions(P).map(x => x.id), ['s1']);
    // Order kept: `a` removed, then written again as in progress.
    assert.deepEqual(s.listTasks(P, 's1').map(t => [t.id, t.status]).sort(), [['a', 'in_progress'], ['b', 'pending']]);
    assert.deepEqual(s.logs(P).map(l => l.message), ['first']);

    // Later writes go straight to the store.
    s.upsertTasks(P, 's1', [makeTask('c', 'pending')]);
    assert.equal(s.pendingWrites, 0);
    assert.equal(s.listTasks(P, 's1').length, 3);
  });

  it('keeps queueing after the store opened until replayAfter settles (the first paint is not slowed by storing it)', async () => {
    let opened = false;
    const s = slot(async () => { const st = await stores.openStore({ file: null, log: nullLogger }); opened = true; return st; });
    const firstRead = gate();
    const started = s.start({ replayAfter: firstRead.promise });
    s.upsertProject(project);
    await waitFor('the real store to be open', () => opened);
    s.upsertTasks(P, 's1', [makeTask('a', 'pending')]);
    assert.equal(s.loaded, false);
    assert.equal(s.pendingWrites, 2, 'both writes wait for the first read');
    firstRead.open();
    await started;
    assert.deepEqual(s.listProjects().map(p => p.id), [P]);
    assert.deepEqual(s.listTasks(P, 's1').map(t => t.id), ['a']);
  });

  it('runs a read-modify-write update at replay against the writes queued before it', async () => {
    const g = gate();
    const s = slot(async () => { await g.promise; return stores.openStore({ file: null, log: nullLogger }); });
    const started = s.start();
    s.upsertProject({ ...project, registered: true });
    let seenRegistered: boolean | undefined;
    s.update(real => {
      seenRegistered = real.listProjects().find(p => p.id === P)?.registered;
      real.upsertProject({ ...project, registered: seenRegistered ?? false, lastSeenAt: 2 });
    });
    assert.equal(seenRegistered, undefined, 'not run before the store opened');
    g.open();
    await started;
    assert.equal(seenRegistered, true);
    assert.deepEqual(s.listProjects().map(p => [p.registered, p.lastSeenAt]), [[true, 2]]);
  });

  it('keeps every queued write in the in-memory fallback when the store cannot open, and reports it once', async () => {
    const log = new RecordingLogger();
    const g = gate();
    const s = slot(async () => { await g.promise; throw new Error('disk on fire'); }, log);
    const started = s.start();
    s.upsertProject(project);
    s.upsertTasks(P, 's1', [makeTask('a', 'pending')]);
    g.open();
    await started;
    assert.equal(s.loaded, true);
    assert.equal(s.degraded, true);
    assert.equal(s.persistent, false);
    assert.deepEqual(s.listProjects().map(p => p.id), [P]);
    assert.deepEqual(s.listTasks(P, 's1').map(t => t.id), ['a']);
    s.upsertTasks(P, 's1', [makeTask('b', 'pending')]);
    assert.deepEqual(s.listTasks(P, 's1').map(t => t.id), ['a', 'b']);
    const errors = log.at('error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /disk on fire.*in memory/);
  });

  it('reports a queued write that fails on replay and keeps the ones after it', async () => {
    const log = new RecordingLogger();
    const g = gate();
    const s = slot(async () => { await g.promise; return stores.openStore({ file: null, log: nullLogger }); }, log);
    const started = s.start();
    s.update(() => { throw new Error('bad write'); });
    s.upsertProject(project);
    g.open();
    await started;
    assert.deepEqual(s.listProjects().map(p => p.id), [P]);
    assert.equal(log.at('error').length, 1);
    assert.match(log.at('error')[0]!, /1 queued write\(s\) failed on replay: bad write/);
  });

  it('close() while opening waits for the open, so the queued writes reach the file', async () => {
    const g = gate();
    const s = slot(async () => { await g.promise; return stores.openStore({ file: file(), log: nullLogger }); });
    void s.start();
    s.upsertProject(project);
    s.upsertTasks(P, 's1', [makeTask('a', 'pending')]);
    const closed = s.close();
    g.open();
    await closed;
    assert.equal(s.state, 'closed');
    s.upsertTasks(P, 's1', [makeTask('late', 'pending')]);

    const again = await stores.openStore({ file: file(), log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), [P]);
    assert.deepEqual(again.listTasks(P, 's1').map(t => t.id), ['a']);
  });

  it('close() does not wait for replayAfter: the queued writes land in the file at once', async () => {
    const s = slot(() => stores.openStore({ file: file(), log: nullLogger }));
    void s.start({ replayAfter: new Promise(() => undefined) });
    s.upsertProject(project);
    await s.close();
    const again = await stores.openStore({ file: file(), log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), [P]);
  });

  it('close() of a slot nobody started still opens the store for the writes queued', async () => {
    const s = slot(() => stores.openStore({ file: file(), log: nullLogger }));
    s.upsertProject(project);
    await s.close();
    const again = await stores.openStore({ file: file(), log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), [P]);
  });

  it('reopen() saves and closes the store, queues writes meanwhile and replays them into the reopened one', async () => {
    const s = slot(() => stores.openStore({ file: file(), log: nullLogger }));
    await s.start();
    s.upsertProject(project);
    s.upsertTasks(P, 's1', [makeTask('a', 'pending')]);
    const g = gate();
    const reopened = s.reopen(async () => { await g.promise; return stores.openStore({ file: file(), log: nullLogger }); });
    assert.equal(s.loaded, false);
    assert.deepEqual(s.listTasks(P, 's1'), [], 'no history while the store is reopening');
    s.upsertTasks(P, 's1', [makeTask('b', 'pending')]);
    let waited = false;
    const waiting = s.whenLoaded().then(() => { waited = true; });
    assert.equal(waited, false);
    g.open();
    await reopened;
    await waiting;
    assert.deepEqual(s.listTasks(P, 's1').map(t => t.id), ['a', 'b'], 'the saved data and the queued write');
  });

  it('of() wraps an open store as a loaded slot and returns a slot unchanged', async () => {
    const store = await stores.openStore({ file: null, log: nullLogger });
    const wrapped = DeferredStore.of(store, nullLogger);
    assert.equal(wrapped.loaded, true);
    wrapped.upsertProject(project);
    assert.deepEqual(store.listProjects().map(p => p.id), [P]);
    assert.equal(DeferredStore.of(wrapped, nullLogger), wrapped);
    await wrapped.whenLoaded();
  });

  it('is a Store to every caller: the real Store satisfies the same surface', async () => {
    const store: StoreApi = await Store.open({ file: null, log: nullLogger });
    try {
      const s = DeferredStore.of(store, nullLogger);
      assert.equal(s.persistent, store.persistent);
    } finally {
      await store.close();
    }
  });
});
