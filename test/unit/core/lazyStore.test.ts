import assert from 'node:assert/strict';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LokiCore } from '../../../src/core/lokiCore';
import { nullLogger } from '../../../src/core/logger';
import type { ChangeEnvelope } from '../../../src/core/domain';
import { DeferredStore } from '../../../src/core/store/deferredStore';
import { makeTask } from '../../fakes/domain';
import { FakeDirWatcher } from '../../fakes/fakeDirWatcher';
import { FakeProjectModel } from '../../fakes/fakeProjectModel';
import { StoreHarness } from '../../fakes/storeHarness';
import { makeTempDir } from '../../fakes/tempDir';

const FOLDER = '/work/fake-project';
const LOKI = path.join(FOLDER, '.loki');
const line = (m: string) => ({ timestamp: null, level: 'info' as const, source: 'logs/agent.log', message: m });

/** The core on a store that opens when the test says so, as the extension runs right after activation. */
describe('LokiCore while its store is still loading', () => {
  const stores = new StoreHarness();
  let tmp: ReturnType<typeof makeTempDir>;
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeEach(() => { tmp = makeTempDir('loki-lazy-'); });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await stores.closeAll();
    tmp.cleanup();
  });

  async function setup(tail: string[]) {
    let open!: () => void;
    const gate = new Promise<void>(resolve => { open = resolve; });
    const file = path.join(tmp.dir, 'history.sqlite');
    const slot = new DeferredStore({
      open: async () => { await gate; return stores.openStore({ file, log: nullLogger }); },
      fallback: () => stores.openStore({ file: null, log: nullLogger }),
      log: nullLogger,
    });
    const watcher = new FakeDirWatcher();
    const models: FakeProjectModel[] = [];
    const core = new LokiCore({
      store: slot, log: nullLogger, files: new NodeFileAccessor(), watcher, homeDir: null, debounceMs: 5, now: () => 1000, sweepMs: 0,
      createModel: d => { const m = new FakeProjectModel(d.project); m.tailOnLoad = tail.map(line); m.state.columns.pending = [makeTask('t1', 'pending')]; models.push(m); return m; },
    });
    const events: ChangeEnvelope[] = [];
    core.onChange(e => events.push(e));
    cleanups.push(() => slot.close(), () => core.dispose());
    return { slot, core, watcher, models, events, open, file };
  }

  it('shows the project from its files before the store opens, then stores what waited with the stored numbering', async () => {
    // A previous session stored two lines of the same log (the tail a full read delivers again).
    const before = await stores.openStore({ file: path.join(tmp.dir, 'history.sqlite'), log: nullLogger });
    const old = new LokiCore({ store: before, log: nullLogger, files: new NodeFileAccessor(), watcher: new FakeDirWatcher(), homeDir: null, sweepMs: 0,
      createModel: d => { const m = new FakeProjectModel(d.project); m.tailOnLoad = ['x', 'y'].map(line); return m; } });
    const oldInfo = await old.addProject(FOLDER, { registered: true, name: 'Mine' });
    assert.deepEqual(before.logs(oldInfo.id).map(l => [l.seq, l.message]), [[1, 'x'], [2, 'y']]);
    old.dispose();
    await before.close();

    const { slot, core, watcher, models, events, open } = await setup(['x', 'y', 'z']);
    void slot.start();
    const info = await core.addProject(FOLDER);
    let historyEvents = 0;
    core.onHistoryLoaded(() => historyEvents++);

    // First paint: the board from the files, no history yet.
    assert.deepEqual(core.snapshot(info.id)?.columns.pending.map(t => t.id), ['t1']);
    assert.deepEqual(core.history(info.id), []);
    assert.deepEqual(core.logs(info.id), []);

    // A live line while loading: emitted once the store has numbered it.
    models[0]!.onApply = () => models[0]!.pushLogs(line('live'));
    watcher.fire(path.join(LOKI, 'logs/agent.log'));
    await core.settled();
    assert.equal(events.filter(e => e.change.kind === 'log/entries').length, 0);

    open();
    await core.whenHistoryLoaded();
    assert.equal(historyEvents, 1);
    // x and y were stored before: the full read's copies are dropped; z and the live line continue at 3.
    assert.deepEqual(core.logs(info.id).map(l => [l.seq, l.message]), [[1, 'x'], [2, 'y'], [3, 'z'], [4, 'live']]);
    const logEvents = events.flatMap(e => (e.change.kind === 'log/entries' ? e.change.entries.map(l => [l.seq, l.message]) : []));
    assert.deepEqual(logEvents, [[4, 'live']], 'only the live line is emitted; the first read is the baseline');
    // The project kept its stored `registered` flag (decided at replay, not overwritten with false).
    assert.deepEqual(slot.listProjects().map(p => [p.id, p.registered]), [[info.id, true]]);
    assert.deepEqual(core.history(info.id).map(s => s.taskCounts.pending), [1]);
    assert.deepEqual(core.sessionTasks(info.id, core.snapshot(info.id)!.session.id).map(t => t.id), ['t1']);
  });

  it('writes a change made before the store opened to the store after it opened, in order with later ones', async () => {
    const { slot, core, watcher, models, open } = await setup([]);
    void slot.start();
    const info = await core.addProject(FOLDER);
    const model = models[0]!;
    model.onApply = () => { model.state.columns.pending = []; model.state.columns.in_progress = [makeTask('t1', 'in_progress')]; };
    watcher.fire(path.join(LOKI, 'queue/in-progress.json'));
    await core.settled();
    assert.deepEqual(slot.taskMoves(info.id, 't1'), []);
    open();
    await core.whenHistoryLoaded();
    assert.deepEqual(slot.taskMoves(info.id, 't1').map(m => [m.from, m.to]), [[null, 'pending'], ['pending', 'in_progress']]);
    model.onApply = () => { model.state.columns.in_progress = []; model.state.columns.completed = [makeTask('t1', 'completed')]; };
    watcher.fire(path.join(LOKI, 'queue/completed.json'));
    await core.settled();
    assert.deepEqual(slot.taskMoves(info.id, 't1').map(m => m.to), ['pending', 'in_progress', 'completed']);
  });
});
