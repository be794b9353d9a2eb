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

describe('board patched after queue rewrites on real files (moves, duplicates, iteration cards)', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('loki-board-patch-'); });
  afterEach(() => tmp.cleanup());

  it('reports changes in board order after inserts shifted the cards behind them', async () => {
    const project = path.join(tmp.dir, 'proj');
    const queue = path.join(project, '.loki', 'queue');
    mkdirSync(queue, { recursive: true });
    const t = (id: string): Record<string, unknown> => ({ id, title: id });
    let pending = Array.from({ length: 10 }, (_, i) => t(`t${i}`));
    const file = path.join(queue, 'pending.json');
    writeFileSync(file, JSON.stringify(pending));
    const incremental = model(project);
    await incremental.loadAll();
    let prevFast = incremental.snapshot();
    let prevFull = prevFast;
    const steps: Array<() => void> = [
      () => { pending.splice(2, 0, ...['n0', 'n1', 'n2', 'n3', 'n4'].map(t)); }, // t2..t9 move back by five
      () => { pending.splice(8, 0, t('z')); }, // z lands before t3, t4, t5
      () => { pending = pending.filter(r => r.id !== 'z' && r.id !== 't5'); }, // two removals: z first on the board
      () => { pending = pending.map(r => (r.id === 't9' || r.id === 'n1' ? { ...r, title: 'edited' } : r)); }, // two updates
    ];
    for (const [k, step] of steps.entries()) {
      step();
      writeFileSync(file, JSON.stringify(pending));
      await incremental.applyFile(file);
      const fresh = model(project);
      await fresh.loadAll();
      const fast = incremental.snapshot();
      const full = fresh.snapshot();
      assert.deepEqual(fast, full, `step ${k}`);
      const expected = diffSnapshots(structuredClone(prevFull), structuredClone(full));
      assert.deepEqual(diffSnapshots(prevFast, fast), expected, `step ${k}: changes in the full diff's order`);
      prevFast = fast;
      prevFull = full;
    }
    assert.deepEqual(diffSnapshots(null, prevFast).filter(c => c.kind === 'task/created').length, 14);
  });

  it('yields the snapshot and changes of a full re-read after 150 random rewrites', async () => {
    const project = path.join(tmp.dir, 'proj');
    const queue = path.join(project, '.loki', 'queue');
    const metrics = path.join(project, '.loki', 'metrics', 'efficiency');
    mkdirSync(queue, { recursive: true });
    mkdirSync(metrics, { recursive: true });
    for (const n of [1, 2]) writeFileSync(path.join(metrics, `iteration-${n}.json`), JSON.stringify({ iteration: n, cost_usd: n / 10, input_tokens: 100 * n, output_tokens: 10 * n, duration_ms: 1000 * n }));
    const names = ['pending.json', 'blocked.json', 'in-progress.json', 'completed.json', 'failed.json'];
    const files = new Map<string, Array<Record<string, unknown>>>(names.map(n => [n, []]));
    const list = (n: string): Array<Record<string, unknown>> => files.get(n)!;
    let counter = 0;
    const task = (): Record<string, unknown> => {
      const i = counter++;
      // Some cards are iteration cards whose figures come from the metrics above.
      return i % 9 === 4 ? { id: `iteration-${1 + (i % 2)}-${i}`, source: 'iteration', iteration: 1 + (i % 2), title: `Iteration ${i}` } : { id: `task-${i}`, title: `Task ${i}`, priority: 'high' };
    };
    for (const n of names) for (let k = 0; k < 12; k++) list(n).push(task());
    const write = (n: string): string => {
      const p = path.join(queue, n);
      writeFileSync(p, JSON.stringify(list(n), null, 2));
      return p;
    };
    for (const n of names) write(n);
    const incremental = model(project);
    await incremental.loadAll();
    let prevFast = incremental.snapshot();
    let prevFull = prevFast;
    const random = (() => {
      let a = 2024;
      return (): number => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    })();
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let patched = 0;
    let changes = 0;
    let undo: string | null = null;
    for (let step = 0; step < 150; step++) {
      const a = pick(names);
      const b = pick(names.filter(n => n !== a));
      const op = Math.floor(random() * 10);
      const at = Math.floor(random() * Math.max(1, list(a).length));
      const other = Math.floor(random() * Math.max(1, list(a).length));
      let touched = [a];
      if (undo !== null) {
        // the duplicate made by the step before goes again
        list(undo).pop();
        touched = [undo];
        undo = null;
      } else if (op === 0) list(a).push(task());
      else if (op === 1 && list(a).length) list(a).splice(at, 1);
      else if (op === 2 && list(a).length) list(a)[at] = { ...list(a)[at], title: `Edited ${step}` };
      else if (op === 3 && list(a).length) {
        // a move: out of one file, into another (both applied before the next snapshot, as a debounced batch is)
        list(b).push(...list(a).splice(at, 1));
        touched = [a, b];
      } else if (op === 4 && list(a).length) {
        // a duplicate id in a second file (the higher column wins), removed by the next step
        list(b).push({ ...list(a)[at], title: `Copy ${step}` });
        touched = [b];
        undo = b;
      } else if (op === 5) files.set(a, list(a).slice().reverse());
      else if (op === 6) list(a).splice(at, 0, task(), task());
      else if (op === 7 && list(a).length > 1) {
        // two cards of one column change at once: the changes come in board order
        list(a)[Math.max(at, other)] = { ...list(a)[Math.max(at, other)], title: `Later ${step}` };
        list(a)[Math.min(at, other)] = { ...list(a)[Math.min(at, other)], title: `Earlier ${step}` };
      } else if (op === 8 && list(a).length > 1) {
        list(a).splice(Math.max(at, other), 1);
        if (at !== other) list(a).splice(Math.min(at, other), 1);
      } else list(a).push({ id: `task-${counter++}`, title: 'Ünïcödé 漢字 🚀' });
      for (const n of touched) await incremental.applyFile(write(n));
      const fresh = model(project);
      await fresh.loadAll();
      const fast = incremental.snapshot();
      const full = fresh.snapshot();
      assert.deepEqual(fast, full, `step ${step}: incremental snapshot equals a full read`);
      const expected = diffSnapshots(structuredClone(prevFull), structuredClone(full));
      assert.deepEqual(diffSnapshots(prevFast, fast), expected, `step ${step}: incremental changes equal the full diff`);
      changes += expected.length;
      // A patched board keeps the very arrays of the columns no rewrite touched; a rebuild makes all of them anew.
      if (fast.columns.failed === prevFast.columns.failed || fast.columns.pending === prevFast.columns.pending) patched++;
      prevFast = fast;
      prevFull = full;
    }
    assert.ok(patched > 75, `${patched} of 150 rewrites patched the board`);
    assert.ok(changes > 150, `${changes} changes`);
  });
});
