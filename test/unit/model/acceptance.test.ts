import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { ProjectModel } from '../../../src/core/projectModel';
import { TASK_STATUSES } from '../../../src/core/domain';
import type { TaskStatus } from '../../../src/core/domain';

const RUNS = path.resolve(__dirname, '../../fixtures/loki-runs');

interface Expected {
  columns: Record<TaskStatus, string[]>;
  iteration: number | null;
  phase: string | null;
  control: string[];
}

function trees(): Array<{ run: string; key: string; dir: string; expected: Expected }> {
  const out: Array<{ run: string; key: string; dir: string; expected: Expected }> = [];
  for (const run of readdirSync(RUNS).filter(d => existsSync(path.join(RUNS, d, 'expected.json'))).sort()) {
    const expected = JSON.parse(readFileSync(path.join(RUNS, run, 'expected.json'), 'utf8')) as Record<string, Expected>;
    for (const [key, exp] of Object.entries(expected)) out.push({ run, key, dir: path.join(RUNS, run, key), expected: exp });
  }
  return out;
}

describe('ProjectModel on real runner trees (acceptance)', () => {
  const all = trees();

  it('finds every snapshot and final tree of both runs', () => {
    assert.equal(all.filter(t => t.run === 'claude-todo').length, 39);
    assert.equal(all.filter(t => t.run === 'codex-stop').length, 17);
    for (const t of all) assert.ok(existsSync(path.join(t.dir, '.loki')), `${t.run}/${t.key} has a .loki`);
  });

  for (const t of all) {
    it(`${t.run}/${t.key}: columns, iteration, phase and control files match expected.json`, async () => {
      const model = new ProjectModel({
        project: { id: 'p', name: 'x', path: t.dir },
        files: new NodeFileAccessor(),
        log: nullLogger,
        homeDir: null,
        isPidAlive: () => false,
        now: () => Date.parse('2026-11-22T03:00:00Z'),
      });
      await model.loadAll();
      const snap = model.snapshot();
      assert.equal(snap.hasLoki, true);
      for (const status of TASK_STATUSES) {
        assert.deepEqual(snap.columns[status].map(c => c.id).sort(), [...t.expected.columns[status]].sort(), `column ${status}`);
      }
      assert.equal(snap.session.iteration, t.expected.iteration);
      assert.equal(snap.session.phase, t.expected.phase);
      assert.equal(snap.session.control.pause, t.expected.control.includes('PAUSE'));
      assert.equal(snap.session.control.stop, t.expected.control.includes('STOP'));
      assert.equal(snap.session.control.humanInput, existsSync(path.join(t.dir, '.loki/HUMAN_INPUT.md')));
      assert.deepEqual(snap.problems, [], 'a finished tree parses without problems');
    });
  }
});
