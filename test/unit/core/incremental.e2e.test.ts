import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { ProjectModel } from '../../../src/core/projectModel';
import { diffSnapshots } from '../../../src/core/snapshotDiff';
import type { DerivedSnapshot } from '../../../src/core/snapshotDiff';
import { makeTempDir } from '../../fakes/tempDir';
import { FIXTURES, expectedStates, syncTree } from './helpers/lokiReplay';

const NOW = Date.parse('2026-11-22T03:00:00Z');

/** The real accessor, recording which files were read whole. */
class RecordingAccessor extends NodeFileAccessor {
  readonly read: string[] = [];
  override readText(p: string, maxBytes: number): ReturnType<NodeFileAccessor['readText']> {
    this.read.push(p);
    return super.readText(p, maxBytes);
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
