import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { LokiCore, projectIdFor } from '../../../src/core/lokiCore';
import { ProjectModel } from '../../../src/core/projectModel';
import { isoTime, parseJson } from '../../../src/core/parsers/parseResult';
import { mapPriority } from '../../../src/core/statusVocabulary';
import { Store } from '../../../src/core/store/store';
import { readSnapshot } from '../../../src/cli/snapshotCommand';
import { FakeDirWatcher } from '../../fakes/fakeDirWatcher';
import { tempProject, waitFor } from './helpers';

const SECRET = 'root:x:0:0:SECRET-TOKEN-4711';
const q = (title: string, extra: Record<string, unknown> = {}): string => JSON.stringify([{ id: title, title, ...extra }]);

describe('hostile values never crash a read (issue 15 #2)', () => {
  it('nulls out-of-range and nanosecond timestamps instead of throwing', () => {
    assert.doesNotThrow(() => isoTime(1e16));
    assert.equal(isoTime(1e300), null);
    assert.equal(isoTime(1_700_000_000_000_000_000), '2023-11-14T22:13:20.000Z');
    assert.equal(isoTime('+275760-09-13T00:00:00.001Z'), null);
  });

  it('maps a priority object with a non-callable toString to medium', () => {
    assert.equal(mapPriority({ toString: 1 }, () => undefined), 'medium');
  });

  describe('on a real project', () => {
    let t: Awaited<ReturnType<typeof tempProject>>;
    beforeEach(async () => { t = await tempProject(); });
    afterEach(async () => { await t.cleanup(); });

    it('keeps reading the files after one with hostile fields, and keeps that file\'s good records', async () => {
      await fs.writeFile(path.join(t.queue, 'pending.json'), JSON.stringify([
        { id: 'a', title: 'A', createdAt: 1e16, priority: { toString: 1 } },
        { id: 'b', title: 'B', createdAt: 1.7e18, completedAt: -1e20 },
        { id: { toString: 1 }, title: { toString: 1 } },
      ]));
      await fs.writeFile(path.join(t.queue, 'completed.json'), q('after'));
      const snap = await readSnapshot(t.project);
      assert.deepEqual(snap.columns.pending.map(x => x.title).slice(0, 2), ['A', 'B']);
      assert.deepEqual(snap.columns.completed.map(x => x.id), ['after']);
    });
  });
});

describe('torn files are reported (issue 15 #3)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  it('one-shot snapshot reports a truncated queue file at once', async () => {
    await fs.writeFile(path.join(t.queue, 'pending.json'), '[{"id": "a", "title": "Half');
    const snap = await readSnapshot(t.project);
    assert.deepEqual(snap.problems.map(p => p.file), ['queue/pending.json']);
    assert.match(snap.problems[0]?.message ?? '', /incomplete JSON/);
  });

  it('a watching core shows a torn file once its grace ends, with no other file changing', async () => {
    const store = await Store.open({ file: null, log: nullLogger });
    const core = new LokiCore({
      store, log: nullLogger, files: new NodeFileAccessor(), watcher: new FakeDirWatcher(), homeDir: null, sweepMs: 0,
      createModel: d => new ProjectModel({ ...d, transientGraceMs: 150 }),
    });
    try {
      await fs.writeFile(path.join(t.queue, 'pending.json'), '[{"id": "a"');
      await core.addProject(t.project);
      const id = projectIdFor(t.project);
      assert.deepEqual(core.snapshot(id)?.problems, [], 'hidden during the grace period');
      await waitFor(() => (core.snapshot(id)?.problems.length ?? 0) === 1, 'the torn file to be reported');
      assert.equal(core.snapshot(id)?.problems[0]?.file, 'queue/pending.json');
    } finally {
      core.dispose();
      store.dispose();
    }
  });
});

describe('one symlink rule for readers (issue 15 #4)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  const noSecret = (x: unknown): void => assert.ok(!JSON.stringify(x).includes('SECRET'), 'no byte of the outside file is shown');

  it('does not read a queue file that links outside the project, and says so without quoting it', async () => {
    const secretFile = path.join(t.outside, 'secret.json');
    await fs.writeFile(secretFile, q(SECRET));
    await fs.symlink(secretFile, path.join(t.queue, 'pending.json'));
    const snap = await readSnapshot(t.project);
    noSecret(snap);
    assert.deepEqual(snap.problems.map(p => p.file), ['queue/pending.json']);
    assert.match(snap.problems[0]?.message ?? '', /outside the project/);
  });

  it('does not read dashboard-state.json or a whole queue/ folder linked outside', async () => {
    await fs.writeFile(path.join(t.outside, 'pending.json'), q(SECRET));
    await fs.writeFile(path.join(t.outside, 'state.json'), JSON.stringify({ mode: SECRET }));
    await fs.symlink(path.join(t.outside, 'state.json'), path.join(t.loki, 'dashboard-state.json'));
    await fs.rm(t.queue, { recursive: true });
    await fs.symlink(t.outside, t.queue);
    const snap = await readSnapshot(t.project);
    noSecret(snap);
    assert.ok(snap.problems.some(p => p.file === 'dashboard-state.json'));
    assert.ok(snap.problems.some(p => p.file === 'queue/pending.json'));
  });

  it('follows links that stay inside the project', async () => {
    await fs.mkdir(path.join(t.project, 'data'));
    await fs.writeFile(path.join(t.project, 'data', 'pending.json'), q('inside'));
    await fs.symlink('../../data/pending.json', path.join(t.queue, 'pending.json'));
    const snap = await readSnapshot(t.project);
    assert.deepEqual(snap.columns.pending.map(x => x.id), ['inside']);
    assert.deepEqual(snap.problems, []);
  });

  it('never copies file bytes into a problem message', async () => {
    await fs.writeFile(path.join(t.queue, 'pending.json'), SECRET);
    assert.ok(!JSON.stringify(parseJson(SECRET)).includes('root'));
    const snap = await readSnapshot(t.project);
    assert.equal(snap.problems.length, 1);
    noSecret(snap.problems);
  });
});

describe('FIFOs and special files (issue 15 #6)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  it('reports a FIFO in place of a queue file instead of hanging, and reads the other files', async () => {
    execFileSync('mkfifo', [path.join(t.queue, 'pending.json')]);
    await fs.writeFile(path.join(t.queue, 'completed.json'), q('done'));
    const snap = await readSnapshot(t.project);
    assert.deepEqual(snap.columns.completed.map(x => x.id), ['done']);
    assert.match(snap.problems.find(p => p.file === 'queue/pending.json')?.message ?? '', /FIFO/);
  });

  it('the file accessor refuses a FIFO on the opened handle', async () => {
    const fifo = path.join(t.loki, 'dashboard-state.json');
    execFileSync('mkfifo', [fifo]);
    const files = new NodeFileAccessor();
    const r = await files.readText(fifo, 1000);
    assert.equal(r.ok, false);
    const b = await files.readBytes(fifo, 0, 1000);
    assert.equal(b.ok, false);
  });

  it('a writer refuses a FIFO queue file instead of hanging', async () => {
    const { addTask } = await import('../../../src/core/write/queueWriter');
    execFileSync('mkfifo', [path.join(t.queue, 'pending.json')]);
    await assert.rejects(addTask(t.loki, { title: 'x', description: '', priority: 'low' }), /FIFO/);
  });

  it('health counts a project stuck in one processing step', async () => {
    let clock = 0;
    const store = await Store.open({ file: null, log: nullLogger });
    let release: () => void = () => undefined;
    const core = new LokiCore({
      store, log: nullLogger, files: new NodeFileAccessor(), watcher: new FakeDirWatcher(), homeDir: null, sweepMs: 0, now: () => clock,
      createModel: d => {
        const real = new ProjectModel(d);
        let first = true;
        return {
          loadAll: async () => { if (first) { first = false; return real.loadAll(); } await new Promise<void>(r => (release = r)); },
          applyFile: p => real.applyFile(p), snapshot: () => real.snapshot(), drainLogs: () => real.drainLogs(), drainEvents: () => real.drainEvents(),
        };
      },
    });
    try {
      await core.addProject(t.project);
      const refreshing = core.refresh();
      // The clock moves on while the step hangs (a fake clock: no real wait for the 30 s limit).
      await waitFor(() => { clock += 40_000; return core.stuckProjects().length === 1; }, 'the stuck project to be reported');
      release();
      await refreshing;
      assert.deepEqual(core.stuckProjects(), []);
    } finally {
      core.dispose();
      store.dispose();
    }
  });
});
