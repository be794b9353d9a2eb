import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LokiCore } from '../../../src/core/lokiCore';
import { nullLogger } from '../../../src/core/logger';
import { ProjectModel } from '../../../src/core/projectModel';
import type { ChangeEnvelope, TaskStatus } from '../../../src/core/domain';
import { runSimulation } from '../../../src/simulator/simulation';
import { Store } from '../../../src/core/store/store';
import { makeTempDir } from '../../fakes/tempDir';
import { applyTaskDeltas, columnIds, sameColumns } from './helpers/lokiReplay';
import { waitFor } from '../../fakes/waitFor';

describe('LokiCore following a simulated run', function () {
  this.timeout(180_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let close: (() => Promise<void>) | undefined;
  beforeEach(() => { tmp = makeTempDir('loki-sim-'); });
  afterEach(async () => { await close?.(); close = undefined; tmp.cleanup(); });

  it('turns the simulator writes into ordered changes with no lost or duplicated task, and stores the final board', async () => {
    const project = path.join(tmp.dir, 'proj');
    const home = path.join(tmp.dir, 'home');
    mkdirSync(project);
    mkdirSync(home);
    const store = await Store.open({ file: path.join(tmp.dir, 'loki.sqlite'), log: nullLogger, saveDelayMs: 50 });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: home });
    close = async () => { core.dispose(); await store.close(); };
    const events: ChangeEnvelope[] = [];
    core.onChange(e => events.push(e));
    const info = await core.addProject(project);

    const result = await runSimulation({ dir: project, speed: 40, iterations: 3, homeDir: home, log: nullLogger });
    assert.equal(result.iterations, 3);

    // Ground truth: a fresh model reading the finished tree from scratch.
    const truth = new ProjectModel({ project: info, files: new NodeFileAccessor(), log: nullLogger, homeDir: home, isPidAlive: () => false, now: Date.now });
    await truth.loadAll();
    const expected = columnIds(truth.snapshot());
    await waitFor(() => `final board ${JSON.stringify(columnIds(core.snapshot(info.id)!))} vs ${JSON.stringify(expected)}`, () => sameColumns(columnIds(core.snapshot(info.id)!), expected));
    await core.settled();

    const mine = events.filter(e => e.projectId === info.id);
    mine.forEach((e, i) => assert.equal(e.version, i + 1));
    assert.ok(mine.some(e => e.change.kind === 'log/entries'), 'the run wrote logs');

    // Replaying the deltas in order is consistent at every step (each move starts where the last one ended).
    const board = new Map<string, TaskStatus>();
    applyTaskDeltas(board, mine);
    const final = core.snapshot(info.id)!;
    const finalPairs = Object.entries(columnIds(final)).flatMap(([c, ids]) => ids.map(id => [id, c])).sort();
    assert.deepEqual([...board.entries()].sort(), finalPairs);

    // The store's move history of each task ends where the board has it (moves coalesced by timing are fine).
    for (const [id, column] of finalPairs) assert.equal(store.taskMoves(info.id, id!).at(-1)?.to, column, `last recorded move of ${id}`);

    const stored = store.listTasks(info.id, final.session.id);
    assert.equal(new Set(stored.map(t => t.id)).size, stored.length);
    assert.deepEqual(stored.map(t => [t.id, t.status]).sort(), finalPairs);

    // Log seqs are gap-free and increasing across every log/entries envelope.
    const seqs = mine.flatMap(e => (e.change.kind === 'log/entries' ? e.change.entries.map(l => l.seq) : []));
    seqs.forEach((s, i) => assert.equal(s, (seqs[0] ?? 1) + i));
  });
});
