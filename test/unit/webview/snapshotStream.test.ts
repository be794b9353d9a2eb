// First paint: the host cuts long columns and streams the rest; the webview appends chunks in order, skips repeats
// and old snapshots' chunks, counts the cards still to come, and deltas held meanwhile apply after the last chunk.
import assert from 'node:assert/strict';
import { DeltaBatcher } from '../../../src/extension/dashboard/deltaBatcher';
import { splitSnapshot } from '../../../src/extension/dashboard/snapshotStream';
import { isHostMessage, isWebviewMessage } from '../../../src/core/protocol';
import type { HostMessage } from '../../../src/core/protocol';
import type { ChangeEnvelope } from '../../../src/core/domain';
import { applyChanges, applyChunk, applySnapshot, cardsToCome, initialState } from '../../../src/webview/model/dashboardState';
import type { DashboardState } from '../../../src/webview/model/dashboardState';
import { env, snapshot } from './fixtures';

type Chunk = Extract<HostMessage, { type: 'tasks/chunk' }>;

function receive(split: ReturnType<typeof splitSnapshot>): DashboardState {
  return applySnapshot(initialState(), { type: 'state/snapshot', projects: split.projects, activeProjectId: 'p', logs: [], trusted: true, history: [], columnTotals: split.columnTotals });
}

describe('snapshot streaming (first paint)', () => {
  const full = snapshot('p', 10_000, 7); // 2,000 cards per column

  it('cuts each long column to its first cards and chunks the rest in board order', () => {
    const split = splitSnapshot([full], 100, 500);
    assert.equal(split.projects[0]!.columns.pending.length, 100);
    assert.deepEqual(split.projects[0]!.columns.pending, full.columns.pending.slice(0, 100));
    assert.deepEqual(split.columnTotals, { p: { pending: 2000, in_progress: 2000, review: 2000, completed: 2000, failed: 2000 } });
    assert.equal(split.chunks.length, 5 * 4); // 1,900 per column in chunks of 500
    assert.deepEqual(split.chunks.map(c => c.last), [...Array<boolean>(19).fill(false), true]);
    assert.ok(split.chunks.every(c => isHostMessage(c) && c.version === 7));
    assert.equal(full.columns.pending.length, 2000, 'the core snapshot is not modified');
    assert.equal(JSON.stringify(split.projects).length < JSON.stringify([full]).length / 10, true);
  });

  it('sends small boards whole, as before', () => {
    const small = snapshot('s', 40);
    const split = splitSnapshot([small], 100);
    assert.equal(split.projects[0], small);
    assert.equal(split.columnTotals, undefined);
    assert.deepEqual(split.chunks, []);
  });

  it('shows the full counts at once and ends with exactly the snapshot', () => {
    const split = splitSnapshot([full], 100, 500);
    let s = receive(split);
    assert.equal(cardsToCome(s, ['p'], 'pending'), 1900);
    assert.equal(cardsToCome(s, ['p']), 9500);
    for (const c of split.chunks) s = applyChunk(s, c);
    assert.deepEqual(s.snapshots.p!.columns, full.columns);
    assert.equal(cardsToCome(s, ['p']), 0);
    assert.equal(s.stale, false);
  });

  it('skips chunks it already has (a snapshot sent again mid-stream) and older snapshots\' chunks', () => {
    const split = splitSnapshot([full], 100, 500);
    let s = receive(split);
    s = applyChunk(s, split.chunks[0]!);
    const again = applyChunk(s, split.chunks[0]!);
    assert.equal(again.snapshots.p!.columns.pending.length, 600);
    const old: Chunk = { ...split.chunks[1]!, version: 6 };
    assert.equal(applyChunk(again, old), again);
  });

  it('marks the state stale on a hole, so the webview asks for a snapshot', () => {
    const split = splitSnapshot([full], 100, 500);
    const s = applyChunk(receive(split), split.chunks[2]!); // offset 1100 while 100 are loaded
    assert.equal(s.stale, true);
  });

  it('holds deltas while the chunks stream and posts them after, where they apply to cards that came in a chunk', () => {
    const posted: ChangeEnvelope[][] = [];
    const timers: Array<() => void> = [];
    const batcher = new DeltaBatcher(c => posted.push(c), 50, { setTimeout: f => timers.push(f), clearTimeout: () => undefined });
    const split = splitSnapshot([full], 100, 500);
    let s = receive(split);
    batcher.hold();
    const deep = full.columns.completed[1500]!;
    batcher.push(env('p', 8, { kind: 'task/updated', task: { ...deep, title: 'Updated while streaming' } }));
    assert.deepEqual(timers, [], 'no flush is scheduled while held');
    for (const c of split.chunks) s = applyChunk(s, c);
    batcher.release();
    assert.equal(posted.length, 1);
    s = applyChanges(s, posted[0]!);
    assert.equal(s.stale, false);
    assert.equal(s.snapshots.p!.columns.completed[1500]!.title, 'Updated while streaming');
    assert.equal(s.snapshots.p!.version, 8);
  });

  it('rejects malformed chunks at the door', () => {
    const good = splitSnapshot([full], 100, 500).chunks[0]!;
    assert.equal(isHostMessage(good), true);
    assert.equal(isHostMessage({ ...good, offset: -1 }), false);
    assert.equal(isHostMessage({ ...good, status: 'done' }), false);
    assert.equal(isHostMessage({ ...good, tasks: 'x' }), false);
    assert.equal(isWebviewMessage({ type: 'tasks/received' }), true);
  });
});
