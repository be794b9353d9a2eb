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
  const fast = reader.parse(Buffer.from(text));
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

  it('gives parseQueue results on the decoded bytes when multi-byte and invalid UTF-8 sits at the changed edges', () => {
    const next = rng(1414);
    const reader = new QueueReader('queue/pending.json', 'pending');
    // 2-, 3- and 4-byte characters, a lone continuation byte, a cut 3-byte lead and a bad lead (each becomes U+FFFD).
    const pieces = [Buffer.from('é'), Buffer.from('漢'), Buffer.from('🚀'), Buffer.from([0x80]), Buffer.from([0xe6, 0xbc]), Buffer.from([0xff])];
    const pick = (): Buffer => pieces[Math.floor(next() * pieces.length)]!;
    // A record whose title starts and ends with a random piece, so the changed span's first and last differing
    // bytes often fall inside a multi-byte character.
    const rec = (i: number): Buffer => Buffer.concat([Buffer.from(`{"id": "t-${i}", "title": "`), pick(), Buffer.from(`x${i}`), pick(), Buffer.from('"}')]);
    let records = Array.from({ length: 20 }, (_, i) => rec(i));
    let counter = 100;
    let valid = 0;
    let reused = 0;
    let before = new Set<Task>();
    for (let step = 0; step < 400; step++) {
      const op = Math.floor(next() * 6);
      const at = Math.min(Math.floor(next() * records.length), records.length - 1);
      if (op === 0 || records.length < 2) records.push(rec(counter++));
      else if (op === 1) records.splice(at, 1);
      else if (op === 2) records[at] = rec(counter++);
      else if (op === 3) records.splice(at, 0, rec(counter++), rec(counter++));
      else if (op === 4) records = records.length > 40 ? records.slice(0, records.length >> 1) : [...records, rec(counter++)];
      // op 5: the same record with only its multi-byte edge changed (same id, same length or not)
      else records[at] = Buffer.concat([records[at]!.subarray(0, records[at]!.length - 2 - 4), pick(), Buffer.from('"}')]);
      const bytes = Buffer.concat([Buffer.from(next() > 0.5 ? '\ufeff[\n  ' : '['), ...records.flatMap((r, k) => (k ? [Buffer.from(',\n  '), r] : [r])), Buffer.from('\n]')]);
      const fast = reader.parse(bytes);
      assert.deepEqual(fast, parseQueue(bytes.toString('utf8'), 'queue/pending.json', 'pending'), `step ${step}`);
      if (fast.ok) {
        valid++;
        reused += fast.value.filter(t => before.has(t)).length;
        before = new Set(fast.value);
      }
    }
    // Most steps are valid files, and most of their records came through the incremental path (kept objects).
    assert.ok(valid > 300 && reused > valid * 5, `${valid} valid steps, ${reused} kept records`);
  });

  it('keeps the Task objects of unchanged records when one is appended or removed', () => {
    const records = Array.from({ length: 500 }, (_, i) => record(i, true));
    const reader = new QueueReader('queue/completed.json', 'completed');
    const first = reader.parse(Buffer.from(JSON.stringify(records, null, 2)));
    assert.ok(first.ok);
    records.push(record(999, true));
    records.splice(250, 1);
    const second = reader.parse(Buffer.from(JSON.stringify(records, null, 2)));
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
      const bytes = Buffer.from(text);
      const shape = locateArray(bytes);
      assert.ok(shape);
      const scan = scanSpans(bytes, shape.open, false, shape);
      assert.ok(scan?.closed);
      assert.deepEqual(scan.spans.map(s => JSON.parse(bytes.toString('utf8', s.start, s.end)) as unknown), [{ a: ']' }, 3, 'x', [1, { b: '"' }]]);
    }
  });

  it('refuses shapes it does not know (the caller then parses the whole file)', () => {
    for (const text of ['{"tasks": [], "more": 1}', '{"other": []}', '[1,]', '[1 2]', '[{"a": 1}', '"text"', '[] x', '{"tas', '{']) {
      const bytes = Buffer.from(text);
      const shape = locateArray(bytes);
      assert.ok(shape === null || scanSpans(bytes, shape.open, false, shape) === null, text);
    }
  });

  it('measures common prefixes and suffixes across chunk boundaries', () => {
    const a = Buffer.from('x'.repeat(70_000) + 'A' + 'y'.repeat(5000));
    const b = Buffer.from('x'.repeat(70_000) + 'BB' + 'y'.repeat(5000));
    assert.equal(commonPrefix(a, b), 70_000);
    assert.equal(commonSuffix(a, b, Math.min(a.length, b.length) - 70_000), 5000);
    assert.equal(commonSuffix(a, b, 100), 100);
    assert.equal(commonPrefix(Buffer.from('abc'), Buffer.from('abc')), 3);
    assert.equal(commonPrefix(Buffer.from('abc'), Buffer.from('abcd')), 3);
  });
});
