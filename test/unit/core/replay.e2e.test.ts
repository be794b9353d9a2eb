import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LokiCore } from '../../../src/core/lokiCore';
import { nullLogger } from '../../../src/core/logger';
import type { ChangeEnvelope, ProjectSnapshot, TaskStatus } from '../../../src/core/domain';
import { Store } from '../../../src/core/store/store';
import { makeTempDir } from '../../fakes/tempDir';
import { FIXTURES, applyTaskDeltas, columnIds, expectedStates, sameColumns, syncTree } from './helpers/lokiReplay';
import { waitFor } from '../../fakes/waitFor';

const open: Array<{ core: LokiCore; store: Store }> = [];

/** Real files, real chokidar, the real ProjectModel and a real store file. Closed after each test, pass or fail. */
async function startCore(dir: string) {
  const store = await Store.open({ file: path.join(dir, 'state', 'loki.sqlite'), log: nullLogger, saveDelayMs: 50 });
  const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
  const events: ChangeEnvelope[] = [];
  core.onChange(e => events.push(e));
  open.push({ core, store });
  return { store, core, events };
}

async function closeAll(): Promise<void> {
  for (const { core, store } of open.splice(0)) {
    core.dispose();
    await store.close();
  }
}

function assertVersionsStrict(events: ChangeEnvelope[], projectId: string, start = 0): void {
  events.filter(e => e.projectId === projectId).forEach((e, i) => assert.equal(e.version, start + i + 1, `version of envelope ${i}`));
}

for (const run of ['claude-todo', 'codex-stop']) {
  describe(`LokiCore replaying the real ${run} run`, function () {
    this.timeout(240_000);
    let tmp: ReturnType<typeof makeTempDir>;
    beforeEach(() => { tmp = makeTempDir('loki-replay-'); });
    afterEach(async () => { await closeAll(); tmp.cleanup(); });

    it('emits every step in order with versions +1, and the store ends with exactly the final board', async () => {
      const project = path.join(tmp.dir, 'proj');
      mkdirSync(project);
      const { store, core, events } = await startCore(tmp.dir);
      const info = await core.addProject(project);
      const base = core.snapshot(info.id)!;
      assert.equal(base.hasLoki, false);
      const board = new Map<string, TaskStatus>();
      let snap: ProjectSnapshot | undefined;

      for (const [name, expected] of expectedStates(run)) {
        syncTree(path.join(FIXTURES, run, name, '.loki'), path.join(project, '.loki'));
        await waitFor(
          () => `${name}: columns ${JSON.stringify(snap && columnIds(snap))} phase ${snap?.session.phase}, expected ${JSON.stringify(expected)}`,
          () => { snap = core.snapshot(info.id); return !!snap && sameColumns(columnIds(snap), expected.columns) && snap.session.phase === expected.phase; },
        );
        await core.settled(info.id);
        snap = core.snapshot(info.id)!;
        // The deltas so far rebuild exactly the board the snapshot shows: nothing lost, nothing duplicated.
        board.clear();
        applyTaskDeltas(board, events.filter(e => e.projectId === info.id));
        assert.deepEqual(
          [...board.entries()].sort(),
          Object.entries(columnIds(snap)).flatMap(([c, ids]) => ids.map(id => [id, c])).sort(),
          `${name}: board rebuilt from deltas`,
        );
        assert.equal(snap.version, events.length);
      }
      assertVersionsStrict(events, info.id);
      assert.ok(events.some(e => e.change.kind === 'task/moved'), 'tasks moved during the run');

      const final = core.snapshot(info.id)!;
      const sessionId = final.session.id;
      const stored = store.listTasks(info.id, sessionId);
      assert.equal(new Set(stored.map(t => t.id)).size, stored.length, 'no duplicated task in the store');
      assert.deepEqual(
        stored.map(t => [t.id, t.status]).sort(),
        Object.entries(columnIds(final)).flatMap(([c, ids]) => ids.map(id => [id, c])).sort(),
      );
      core.dispose();
      await store.close();

      // History survives a restart: the finished session and its tasks are still there.
      const again = await Store.open({ file: path.join(tmp.dir, 'state', 'loki.sqlite'), log: nullLogger });
      assert.ok(again.listSessions(info.id).some(s => s.id === sessionId));
      assert.equal(again.listTasks(info.id, sessionId).length, stored.length);
      again.dispose();
    });
  });
}

describe('LokiCore on a real folder', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('loki-real-'); });
  afterEach(async () => { await closeAll(); tmp.cleanup(); });

  it('follows .loki being deleted and recreated, versions still +1', async () => {
    const project = path.join(tmp.dir, 'proj');
    const [, mid] = expectedStates('claude-todo')[10]!;
    const midName = expectedStates('claude-todo')[10]![0];
    syncTree(path.join(FIXTURES, 'claude-todo', midName, '.loki'), path.join(project, '.loki'));
    const { store, core, events } = await startCore(tmp.dir);
    const info = await core.addProject(project);
    assert.ok(sameColumns(columnIds(core.snapshot(info.id)!), mid.columns));

    rmSync(path.join(project, '.loki'), { recursive: true, force: true });
    await waitFor(() => 'hasLoki false', () => core.snapshot(info.id)?.hasLoki === false);
    await waitFor(() => 'empty board', () => Object.values(columnIds(core.snapshot(info.id)!)).every(c => c.length === 0));

    const [finalName, final] = expectedStates('claude-todo').at(-1)!;
    syncTree(path.join(FIXTURES, 'claude-todo', finalName, '.loki'), path.join(project, '.loki'));
    await waitFor(() => 'final board after re-creation', () => sameColumns(columnIds(core.snapshot(info.id)!), final.columns));
    await core.settled();
    assert.ok(events.some(e => e.change.kind === 'project/loki' && !e.change.hasLoki));
    assert.ok(events.some(e => e.change.kind === 'project/loki' && e.change.hasLoki));
    assertVersionsStrict(events, info.id);
    core.dispose();
    await store.close();
  });

  it('keeps going when a file cannot be read (chmod 000; as root the read may still succeed)', async () => {
    const project = path.join(tmp.dir, 'proj');
    const [name, expected] = expectedStates('claude-todo').find(([, e]) => e.columns.pending.length > 0)!;
    syncTree(path.join(FIXTURES, 'claude-todo', name, '.loki'), path.join(project, '.loki'));
    const { store, core, events } = await startCore(tmp.dir);
    const info = await core.addProject(project);
    const pendingFile = path.join(project, '.loki', 'queue', 'pending.json');
    chmodSync(pendingFile, 0o000);
    try {
      // Touch the unreadable file and a readable one; whichever way the read goes, nothing is lost.
      writeFileSync(path.join(project, '.loki', 'PAUSE'), '');
      await waitFor(() => 'PAUSE seen', () => core.snapshot(info.id)?.session.control.pause === true);
      await core.settled();
      assert.deepEqual([...columnIds(core.snapshot(info.id)!).pending].sort(), [...expected.columns.pending].sort());
      assertVersionsStrict(events, info.id);
    } finally {
      chmodSync(pendingFile, 0o644);
      core.dispose();
      await store.close();
    }
  });
});
