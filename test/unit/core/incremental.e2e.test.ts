import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { ProjectModel } from '../../../src/core/projectModel';
import { diffSnapshots } from '../../../src/core/snapshotDiff';
import type { DerivedSnapshot } from '../../../src/core/snapshotDiff';
import { makeTempDir } from '../../fakes/tempDir';
import { FIXTURES, expectedStates, syncTree } from './helpers/lokiReplay';

const NOW = Date.parse('2026-11-22T03:00:00Z');

/** The real accessor, recording which files were read whole (as text, or as bytes: the queue files). */
class RecordingAccessor extends NodeFileAccessor {
  readonly read: string[] = [];
  override readText(p: string, maxBytes: number): ReturnType<NodeFileAccessor['readText']> {
    this.read.push(p);
    return super.readText(p, maxBytes);
  }
  override readWholeBytes(p: string, maxBytes: number): ReturnType<NodeFileAccessor['readWholeBytes']> {
    this.read.push(p);
    return super.readWholeBytes(p, maxBytes);
  }
}

function model(projectPath: string, files = new NodeFileAccessor()): ProjectModel {
  return new ProjectModel({
    project: { id: 'p', name: 'proj', path: projectPath },
    files,
    log: nullLogger,
    homeDir: null,
    isPidAlive: () => false,
    now: () => NOW,
  });
}

const withoutAgents = (s: DerivedSnapshot): Omit<DerivedSnapshot, 'agents'> => {
  const { agents: _agents, ...rest } = s;
  return rest;
};

for (const run of ['claude-todo', 'codex-stop']) {
  describe(`incremental change path on the real ${run} run`, function () {
    this.timeout(120_000);
    let tmp: ReturnType<typeof makeTempDir>;
    beforeEach(() => { tmp = makeTempDir('loki-incremental-'); });
    afterEach(() => tmp.cleanup());

    it('reads only the changed files and yields the snapshot and changes of a full re-read with a full diff', async () => {
      const project = path.join(tmp.dir, 'proj');
      mkdirSync(project);
      const files = new RecordingAccessor();
      const incremental = model(project, files);
      const reference = model(project);
      await incremental.loadAll();
      await reference.loadAll();
      let prevFast = incremental.snapshot();
      let prevFull = reference.snapshot();
      let steps = 0;
      let changes = 0;
      for (const [name] of expectedStates(run)) {
        const lokiDir = path.join(project, '.loki');
        const touched = syncTree(path.join(FIXTURES, run, name, '.loki'), lokiDir);
        // What a watcher reports: `.loki` itself when it first appears, then each touched file.
        if (steps === 0) await incremental.applyFile(lokiDir);
        files.read.length = 0;
        for (const rel of touched) await incremental.applyFile(path.join(lokiDir, rel));
        const extra = files.read.filter(p => !touched.includes(path.relative(lokiDir, p).split(path.sep).join('/')));
        if (steps > 0) assert.deepEqual(extra, [], `${name}: read only the files that changed`);
        await reference.loadAll();
        const fast = incremental.snapshot();
        const full = reference.snapshot();
        assert.deepEqual(fast, full, `${name}: incremental snapshot equals a full re-read`);
        // The full diff, with every identity shortcut defeated by cloning.
        const expected = diffSnapshots(structuredClone(prevFull), structuredClone(full));
        assert.deepEqual(diffSnapshots(prevFast, fast), expected, `${name}: incremental changes equal the full diff`);
        changes += expected.length;
        prevFast = fast;
        prevFull = full;
        steps++;
      }
      assert.ok(steps > 5 && changes > 10, `replayed ${steps} steps with ${changes} changes`);
    });

    it('matches a model built from scratch at every step (agents aside: only a running model remembers them)', async () => {
      const project = path.join(tmp.dir, 'proj');
      mkdirSync(project);
      const incremental = model(project);
      await incremental.loadAll();
      let first = true;
      for (const [name] of expectedStates(run)) {
        const lokiDir = path.join(project, '.loki');
        const touched = syncTree(path.join(FIXTURES, run, name, '.loki'), lokiDir);
        if (first) await incremental.applyFile(lokiDir);
        first = false;
        for (const rel of touched) await incremental.applyFile(path.join(lokiDir, rel));
        const fresh = model(project);
        await fresh.loadAll();
        assert.deepEqual(withoutAgents(incremental.snapshot()), withoutAgents(fresh.snapshot()), name);
      }
    });
  });
}

describe('incremental queue read on real files: multi-byte UTF-8 at the changed edges, a file that grows and shrinks', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('loki-incremental-utf8-'); });
  afterEach(() => tmp.cleanup());

  it('yields the snapshot and changes of a full re-read after every rewrite', async () => {
    const project = path.join(tmp.dir, 'proj');
    const queue = path.join(project, '.loki', 'queue');
    mkdirSync(queue, { recursive: true });
    // Titles begin and end with characters of 2, 3 and 4 bytes (and one invalid byte), so the first and last
    // differing bytes of a rewrite often fall inside a character.
    const edges = ['é', '漢', '🚀', 'ü漢', '\u00a0'];
    const title = (i: number, v: number): Buffer => Buffer.concat([Buffer.from(edges[(i + v) % edges.length]!), Buffer.from(`part ${i}`), i % 7 === 0 ? Buffer.from([0xe6, 0xbc]) : Buffer.alloc(0), Buffer.from(edges[(i * 3 + v) % edges.length]!)]);
    const record = (i: number, v: number): Buffer => Buffer.concat([Buffer.from(`{\n    "id": "task-${i}",\n    "title": "`), title(i, v), Buffer.from(`",\n    "priority": "${i % 2 ? 'high' : 'low'}"\n  }`)]);
    let rows: Array<[number, number]> = Array.from({ length: 50 }, (_, i) => [i, 0]);
    const write = (): void => {
      const body = rows.map(([i, v]) => record(i, v));
      writeFileSync(path.join(queue, 'pending.json'), Buffer.concat([Buffer.from('[\n  '), ...body.flatMap((b, k) => (k ? [Buffer.from(',\n  '), b] : [b])), Buffer.from('\n]\n')]));
    };
    write();
    const incremental = model(project);
    await incremental.loadAll();
    let prevFast = incremental.snapshot();
    let prevFull = prevFast;
    let next = 50;
    let changes = 0;
    const steps: Array<() => void> = [
      () => { rows.push([next++, 0]); }, // grows at the end
      () => { rows[10] = [10, 1]; }, // one title's edge characters change (same id)
      () => { rows.splice(0, 1); }, // shrinks at the front
      () => { rows.splice(20, 0, [next++, 2], [next++, 3]); }, // grows in the middle
      () => { rows[rows.length - 1] = [rows[rows.length - 1]![0], 4]; }, // the last record's edge changes
      () => { rows = rows.slice(0, 30); }, // shrinks by a third
      () => { rows[5] = [5, 2]; rows[25] = [25, 3]; }, // two edits far apart
      () => { rows = rows.reverse(); }, // every record moves
      () => { rows.push(...Array.from({ length: 40 }, (): [number, number] => [next++, 1])); }, // grows by more than it was
    ];
    for (const [k, step] of steps.entries()) {
      step();
      write();
      await incremental.applyFile(path.join(queue, 'pending.json'));
      const fresh = model(project);
      await fresh.loadAll();
      const fast = incremental.snapshot();
      const full = fresh.snapshot();
      assert.deepEqual(fast, full, `step ${k}: incremental snapshot equals a full read`);
      const expected = diffSnapshots(structuredClone(prevFull), structuredClone(full));
      assert.deepEqual(diffSnapshots(prevFast, fast), expected, `step ${k}: incremental changes equal the full diff`);
      changes += expected.length;
      prevFast = fast;
      prevFull = full;
    }
    const titles = prevFast.columns.pending.map(t => t.title);
    assert.ok(titles.some(t => t.includes('🚀')) && titles.some(t => t.includes('\ufffd')), 'multi-byte and replaced characters reached the board');
    assert.ok(changes >= steps.length, `${changes} changes over ${steps.length} rewrites`);
  });
});
