import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LokiCore, projectIdFor } from '../../../src/core/lokiCore';
import { nullLogger } from '../../../src/core/logger';
import type { ChangeEnvelope } from '../../../src/core/domain';
import { Store } from '../../../src/core/store/store';
import { makeTask } from '../../fakes/domain';
import { FakeDirWatcher } from '../../fakes/fakeDirWatcher';
import { FakeProjectModel } from '../../fakes/fakeProjectModel';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { makeTempDir } from '../../fakes/tempDir';

const FOLDER = '/work/fake-project';
const LOKI = path.join(FOLDER, '.loki');

async function setup(opts: { store?: Store; log?: RecordingLogger; sweepMs?: number } = {}) {
  const store = opts.store ?? (await Store.open({ file: null, log: nullLogger }));
  const watcher = new FakeDirWatcher();
  const models: FakeProjectModel[] = [];
  const core = new LokiCore({
    store, log: opts.log ?? nullLogger, files: new NodeFileAccessor(), watcher, homeDir: null, debounceMs: 5, now: () => 1000, sweepMs: opts.sweepMs ?? 0,
    createModel: d => { const m = new FakeProjectModel(d.project); models.push(m); return m; },
  });
  const events: ChangeEnvelope[] = [];
  core.onChange(e => events.push(e));
  return { store, watcher, models, core, events };
}

describe('LokiCore with a fake model', () => {
  it('reads a project once silently, then emits each change with version +1 and writes it to the store', async () => {
    const { core, watcher, models, events, store } = await setup();
    const info = await core.addProject(FOLDER);
    const model = models[0]!;
    assert.equal(info.id, projectIdFor(FOLDER));
    assert.equal(model.loadAllCalls, 1);
    assert.equal(events.length, 0, 'the first read is the baseline');
    assert.equal(core.snapshot(info.id)?.version, 0);
    assert.deepEqual(watcher.dirs, [LOKI]);

    model.onApply = () => { model.state.columns.pending = [makeTask('t1', 'pending')]; };
    watcher.fire(path.join(LOKI, 'queue/pending.json'));
    await core.settled();
    model.onApply = () => { model.state.columns.pending = []; model.state.columns.in_progress = [makeTask('t1', 'in_progress')]; model.state.session.iteration = 2; };
    watcher.fire(path.join(LOKI, 'queue/in-progress.json'));
    await core.settled();

    assert.deepEqual(events.map(e => [e.version, e.change.kind]), [[1, 'task/created'], [2, 'session/changed'], [3, 'task/moved']]);
    assert.equal(core.snapshot(info.id)?.version, 3);
    const sessionId = model.state.session.id;
    assert.deepEqual(store.listTasks(info.id, sessionId).map(t => [t.id, t.status]), [['t1', 'in_progress']]);
    assert.deepEqual(store.taskMoves(info.id, 't1').map(m => [m.from, m.to, m.by]), [[null, 'pending', 'runner'], ['pending', 'in_progress', 'runner']]);
    assert.equal(store.listSessions(info.id)[0]?.iteration, 2);
    assert.deepEqual(store.listSessions(info.id)[0]?.taskCounts, { pending: 0, in_progress: 1, review: 0, completed: 0, failed: 0 });
    core.dispose();
  });

  it('coalesces a burst of events and never runs two model updates at once', async () => {
    const { core, watcher, models } = await setup();
    await core.addProject(FOLDER);
    const model = models[0]!;
    model.onApply = () => new Promise(r => setTimeout(r, 5));
    for (let i = 0; i < 20; i++) watcher.fire(path.join(LOKI, 'state/agents.json'));
    for (let i = 0; i < 5; i++) watcher.fire(path.join(LOKI, `logs/f${i}.log`));
    await new Promise(r => setTimeout(r, 2));
    for (let i = 0; i < 5; i++) watcher.fire(path.join(LOKI, `logs/g${i}.log`));
    await core.settled();
    assert.equal(model.maxConcurrent, 1);
    assert.equal(model.applied.filter(p => p.endsWith('agents.json')).length, 1, 'one read per file per burst');
    assert.equal(model.applied.length, 11);
    core.dispose();
  });

  it('numbers log lines on from the store and emits them with events after the state changes', async () => {
    const store = await Store.open({ file: null, log: nullLogger });
    const id = projectIdFor(FOLDER);
    store.appendLogs([{ seq: 41, projectId: id, timestamp: null, level: 'info', source: 'logs/agent.log', message: 'older run' }]);
    const { core, watcher, models, events } = await setup({ store });
    await core.addProject(FOLDER);
    const model = models[0]!;
    model.onApply = () => {
      model.state.columns.pending = [makeTask('t1', 'pending')];
      model.pushLogs({ timestamp: null, level: 'info', source: 'logs/agent.log', message: 'a' }, { timestamp: null, level: 'warn', source: 'logs/agent.log', message: 'b' });
      model.pushEvents({ timestamp: null, type: 'iteration_start', source: 'run.sh', data: { n: 1 } });
    };
    watcher.fire(path.join(LOKI, 'logs/agent.log'));
    await core.settled();
    assert.deepEqual(events.map(e => e.change.kind), ['task/created', 'log/entries', 'event/appended']);
    const logs = events[1]?.change.kind === 'log/entries' ? events[1].change.entries : [];
    assert.deepEqual(logs.map(l => [l.seq, l.projectId, l.message]), [[42, id, 'a'], [43, id, 'b']]);
    assert.deepEqual(store.logs(id).map(l => l.seq), [41, 42, 43]);
    assert.equal(store.listEvents(id).length, 1);
    core.dispose();
  });

  it('does not store the log tail and events again when a full re-read delivers them again', async () => {
    const { core, models, store, events } = await setup();
    const info = await core.addProject(FOLDER);
    const model = models[0]!;
    const line = (m: string) => ({ timestamp: null, level: 'info' as const, source: 'logs/agent.log', message: m });
    model.tailOnLoad = [line('x'), line('y')];
    model.eventsOnLoad = [{ timestamp: 't', type: 'e', source: null, data: {} }];
    await core.refresh(info.id);
    model.tailOnLoad = [line('x'), line('y'), line('z')];
    await core.refresh(info.id);
    assert.deepEqual(store.logs(info.id).map(l => [l.seq, l.message]), [[1, 'x'], [2, 'y'], [3, 'z']]);
    assert.equal(store.listEvents(info.id).length, 1);
    assert.deepEqual(events.map(e => e.version), [1, 2, 3]);
    core.dispose();
  });

  it('moves tasks from the placeholder session to the real one when the runner writes its start time', async () => {
    const { core, watcher, models, store } = await setup();
    const info = await core.addProject(FOLDER);
    const model = models[0]!;
    model.onApply = () => { model.state.session.id = `${info.id}:current`; model.state.columns.pending = [makeTask('t1', 'pending')]; };
    watcher.fire(path.join(LOKI, 'queue/pending.json'));
    await core.settled();
    assert.equal(store.listTasks(info.id, `${info.id}:current`).length, 1);
    model.onApply = () => { model.state.session.id = `${info.id}:2026-08-20T14:28:50Z`; };
    watcher.fire(path.join(LOKI, 'autonomy-state.json'));
    await core.settled();
    assert.equal(store.listTasks(info.id, `${info.id}:current`).length, 0);
    assert.deepEqual(store.listTasks(info.id, `${info.id}:2026-08-20T14:28:50Z`).map(t => t.id), ['t1']);
    assert.deepEqual(store.listSessions(info.id).map(s => s.id), [`${info.id}:2026-08-20T14:28:50Z`]);
    core.dispose();
  });

  it('logs a failing model read once and keeps processing later changes', async () => {
    const log = new RecordingLogger();
    const { core, watcher, models, events } = await setup({ log });
    await core.addProject(FOLDER);
    const model = models[0]!;
    model.onApply = () => { throw new Error('EACCES'); };
    watcher.fire(path.join(LOKI, 'queue/pending.json'));
    await core.settled();
    watcher.fire(path.join(LOKI, 'queue/pending.json'));
    await core.settled();
    assert.equal(log.at('warn').filter(m => m.includes('EACCES')).length, 1);
    model.onApply = () => { model.state.columns.failed = [makeTask('t9', 'failed')]; };
    watcher.fire(path.join(LOKI, 'queue/failed.json'));
    await core.settled();
    assert.deepEqual(events.map(e => e.change.kind), ['task/created']);
    core.dispose();
  });

  it('is idempotent per folder, stops a removed project and fires onProjectsChanged', async () => {
    const { core, watcher, models, events } = await setup();
    const seen: number[] = [];
    core.onProjectsChanged(ps => seen.push(ps.length));
    const [a, b] = await Promise.all([core.addProject(FOLDER), core.addProject(FOLDER + '/')]);
    assert.equal(a.id, b.id);
    assert.equal(models.length, 1);
    assert.equal(a.name, 'fake-project');
    core.removeProject(a.id);
    assert.deepEqual(core.projects(), []);
    assert.deepEqual(watcher.dirs, []);
    watcher.fire(path.join(LOKI, 'queue/pending.json'));
    assert.deepEqual(seen, [1, 0]);
    assert.equal(core.snapshot(a.id), undefined);
    assert.equal(events.length, 0);
    core.dispose();
  });

  it('restores the registered projects in a new session from the store file', async () => {
    const tmp = makeTempDir('loki-core-');
    try {
      const file = path.join(tmp.dir, 'loki.sqlite');
      const s1 = await Store.open({ file, log: nullLogger });
      const first = await setup({ store: s1 });
      await first.core.addProject('/work/registered', { registered: true, name: 'Mine' });
      await first.core.addProject('/work/workspace-folder');
      first.core.dispose();
      await s1.close();

      const s2 = await Store.open({ file, log: nullLogger });
      const second = await setup({ store: s2 });
      const restored = await second.core.restoreRegisteredProjects();
      assert.deepEqual(restored.map(p => [p.path, p.name]), [['/work/registered', 'Mine']]);
      assert.deepEqual(second.core.projects().map(p => p.id), [projectIdFor('/work/registered')]);
      second.core.dispose();
      await s2.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('catches a state file change the watcher never reported with its periodic sweep', async () => {
    const tmp = makeTempDir('loki-sweep-');
    try {
      const pending = path.join(tmp.dir, '.loki', 'queue', 'pending.json');
      mkdirSync(path.dirname(pending), { recursive: true });
      writeFileSync(pending, '[]');
      const { core, models } = await setup({ sweepMs: 20 });
      await core.addProject(tmp.dir);
      const model = models[0]!;
      writeFileSync(pending, '[{"id":"prd-001","title":"new"}]');
      const end = Date.now() + 20_000;
      while (!model.applied.includes(pending) && Date.now() < end) await new Promise(r => setTimeout(r, 20));
      assert.ok(model.applied.includes(pending), 'the sweep fed the changed file to the model');
      core.dispose();
    } finally {
      tmp.cleanup();
    }
  });
});
