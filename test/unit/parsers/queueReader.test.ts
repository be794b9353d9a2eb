import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Task } from '../../../src/core/domain';
import { parseQueue } from '../../../src/core/parsers/queue';
import { QueueReader } from '../../../src/core/parsers/queueReader';
import { commonPrefix, commonSuffix, locateArray, scanSpans } from '../../../src/core/parsers/queueSpans';

const RUNS = path.resolve(__dirname, '../../fixtures/loki-runs');

/** Deterministic PRNG (mulberry32) so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function record(i: number, withId: boolean): Record<string, unknown> {
  const r: Record<string, unknown> = { title: `Task ${i} with "quotes", [brackets] and {braces} \\ slash`, priority: i % 3 ? 'high' : 'low', description: `part ${i}` };
  if (withId) r.id = `task-${i}`;
  return r;
}

function assertSame(reader: QueueReader, text: string, file = 'queue/pending.json'): Task[] | null {
  const fast = reader.parse(text);
  const full = parseQueue(text, file, 'pending');
  assert.deepEqual(fast, full);
  return fast.ok ? fast.value : null;
}

describe('QueueReader (incremental queue/*.json parse)', () => {
  it('gives parseQueue results over 400 random rewrites (append, remove, edit, reorder, shapes, broken text)', () => {
    const next = rng(14);
    const reader = new QueueReader('queue/pending.json', 'pending');
    let records: unknown[] = Array.from({ length: 30 }, (_, i) => record(i, i % 4 !== 0));
    let counter = 100;
    for (let step = 0; step < 400; step++) {
      const op = Math.floor(next() * 9);
      const at = Math.floor(next() * (records.length + 1));
      if (op === 0) records.push(record(counter++, next() > 0.2));
      else if (op === 1 && records.length) records.splice(Math.min(at, records.length - 1), 1);
      else if (op === 2 && records.length) records[Math.min(at, records.length - 1)] = { ...record(counter++, true), notes: ['edited'] };
      else if (op === 3) records.splice(at, 0, record(counter++, next() > 0.5));
      else if (op === 4) records.splice(at, 0, next() > 0.5 ? 42 : 'not a task');
      else if (op === 5) records = records.slice().reverse();
      let text = next() > 0.5 ? JSON.stringify(records, null, 2) : JSON.stringify(records);
      if (op === 6) text = JSON.stringify({ tasks: records }, null, 1);
      if (op === 7) text = text.slice(0, Math.floor(text.length * next()));
      if (op === 8) text = '\ufeff' + text.replace('"title"', '"title" :: ');
      assertSame(reader, text);
    }
  });

  it('keeps the Task objects of unchanged records when one is appended or removed', () => {
    const records = Array.from({ length: 500 }, (_, i) => record(i, true));
    const reader = new QueueReader('queue/completed.json', 'completed');
    const first = reader.parse(JSON.stringify(records, null, 2));
    assert.ok(first.ok);
    records.push(record(999, true));
    records.splice(250, 1);
    const second = reader.parse(JSON.stringify(records, null, 2));
    assert.ok(second.ok);
    const before = new Set(first.value);
    const reused = second.value.filter(t => before.has(t)).length;
    assert.equal(reused, 499, 'every record but the new one keeps its object');
    assert.deepEqual(second, parseQueue(JSON.stringify(records, null, 2), 'queue/completed.json', 'completed'));
  });

  it('re-reads records whose id came from their position when that position shifts', () => {
    const reader = new QueueReader('queue/pending.json', 'pending');
    const records: unknown[] = [record(1, false), record(2, false), record(3, true)];
    assertSame(reader, JSON.stringify(records));
    records.unshift(record(0, true));
    const tasks = assertSame(reader, JSON.stringify(records));
    assert.deepEqual(tasks?.map(t => t.id), ['task-0', 'pending-1', 'pending-2', 'task-3']);
  });

  it('matches parseQueue on every queue file of the real runs, read in run order', () => {
    for (const run of readdirSync(RUNS).filter(r => existsSync(path.join(RUNS, r, 'snapshots')))) {
      const readers = new Map<string, QueueReader>();
      const snaps = readdirSync(path.join(RUNS, run, 'snapshots')).sort();
      let files = 0;
      for (const snap of snaps) {
        const dir = path.join(RUNS, run, 'snapshots', snap, '.loki', 'queue');
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir).filter(n => n.endsWith('.json') && n !== 'current-task.json')) {
          const rel = `queue/${name}`;
          let reader = readers.get(rel);
          if (!reader) readers.set(rel, (reader = new QueueReader(rel, 'pending')));
          assertSame(reader, readFileSync(path.join(dir, name), 'utf8'), rel);
          files++;
        }
      }
      assert.ok(files > 0, `${run} has queue files`);
    }
  });
});

describe('queue spans', () => {
  it('finds the record spans of a bare array and of the {"tasks": [...]} wrapper', () => {
    for (const text of ['[ {"a":"]"}, 3 ,"x", [1,{"b":"\\""}] ]', '{ "tasks" : [ {"a":"]"}, 3 ,"x", [1,{"b":"\\""}] ] }']) {
      const shape = locateArray(text);
      assert.ok(shape);
      const scan = scanSpans(text, shape.open, false, shape);
      assert.ok(scan?.closed);
      assert.deepEqual(scan.spans.map(s => JSON.parse(text.slice(s.start, s.end)) as unknown), [{ a: ']' }, 3, 'x', [1, { b: '"' }]]);
    }
  });

  it('refuses shapes it does not know (the caller then parses the whole file)', () => {
    for (const text of ['{"tasks": [], "more": 1}', '{"other": []}', '[1,]', '[1 2]', '[{"a": 1}', '"text"', '[] x']) {
      const shape = locateArray(text);
      assert.ok(shape === null || scanSpans(text, shape.open, false, shape) === null, text);
    }
  });

  it('measures common prefixes and suffixes across chunk boundaries', () => {
    const a = 'x'.repeat(70_000) + 'A' + 'y'.repeat(5000);
    const b = 'x'.repeat(70_000) + 'BB' + 'y'.repeat(5000);
    assert.equal(commonPrefix(a, b), 70_000);
    assert.equal(commonSuffix(a, b, Math.min(a.length, b.length) - 70_000), 5000);
    assert.equal(commonPrefix('abc', 'abc'), 3);
  });
});
