import assert from 'node:assert/strict';
import { boardColumns, filterColumns, isFailing, matchesFilter, sourcesOf } from '../../../src/webview/model/boardModel';
import { moveFailureText, onMoveReply, settleMoves } from '../../../src/webview/model/pendingMoves';
import type { PendingMove } from '../../../src/webview/model/pendingMoves';
import { NO_FILTER } from '../../../src/webview/model/uiState';
import { snapshot, task } from './fixtures';

const move = (extra: Partial<PendingMove> = {}): PendingMove => ({ requestId: 1, projectId: 'a', taskId: 't0', title: 'Task t0', from: 'pending', to: 'in_progress', confirmed: false, ...extra });

describe('webview board model', () => {
  it('merges projects in "All projects" and tags cards with their project', () => {
    const cols = boardColumns([snapshot('a', 5), snapshot('b', 5)], []);
    assert.equal(cols.pending.length, 2);
    assert.deepEqual(cols.pending.map(c => c.projectId), ['a', 'b']);
  });

  it('shows a pending move in its target column at once', () => {
    const cols = boardColumns([snapshot('a', 10)], [move()]);
    assert.ok(!cols.pending.some(c => c.task.id === 't0'));
    const moved = cols.in_progress.find(c => c.task.id === 't0');
    assert.equal(moved?.task.status, 'in_progress');
  });

  it('reverts a failed move with a message naming both columns', () => {
    const out = onMoveReply([move()], 1, false, 'queue/pending.json is malformed');
    assert.deepEqual(out.moves, []);
    assert.equal(out.failure, moveFailureText('Task t0', 'pending', 'in_progress', 'queue/pending.json is malformed'));
    assert.match(out.failure, /Could not move "Task t0" to In Progress: queue\/pending\.json is malformed\. It is back in Pending\./);
  });

  it('keeps a confirmed move until the files show it, then drops the overlay', () => {
    const ok = onMoveReply([move()], 1, true);
    assert.equal(ok.failure, null);
    assert.equal(ok.moves[0]!.confirmed, true);
    const still = snapshot('a', 10);
    assert.equal(settleMoves(ok.moves, { a: still }).length, 1);
    const landed = snapshot('a', 10);
    const t0 = landed.columns.pending.shift()!;
    landed.columns.in_progress.push({ ...t0, status: 'in_progress' });
    assert.deepEqual(settleMoves(ok.moves, { a: landed }), []);
  });

  it('ignores replies to unknown requests', () => {
    const out = onMoveReply([move()], 99, false, 'x');
    assert.equal(out.moves.length, 1);
    assert.equal(out.failure, null);
  });

  it('filters by text over title, id, description and agent', () => {
    const t = task('prd-9', 'pending', { title: 'Login page', description: 'OAuth flow', agent: 'eng-frontend' });
    assert.equal(matchesFilter(t, { ...NO_FILTER, text: 'login' }), true);
    assert.equal(matchesFilter(t, { ...NO_FILTER, text: 'PRD-9' }), true);
    assert.equal(matchesFilter(t, { ...NO_FILTER, text: 'oauth' }), true);
    assert.equal(matchesFilter(t, { ...NO_FILTER, text: 'frontend' }), true);
    assert.equal(matchesFilter(t, { ...NO_FILTER, text: 'billing' }), false);
  });

  it('filters by priority and source', () => {
    const t = task('x', 'pending', { priority: 'high', source: 'github' });
    assert.equal(matchesFilter(t, { ...NO_FILTER, priority: 'high', source: 'github' }), true);
    assert.equal(matchesFilter(t, { ...NO_FILTER, priority: 'low' }), false);
    assert.equal(matchesFilter(t, { ...NO_FILTER, source: 'prd' }), false);
  });

  it('"failed only" keeps failed cards and cards with a failing gate', () => {
    assert.equal(isFailing(task('a', 'failed')), true);
    assert.equal(isFailing(task('b', 'review', { gates: { unit: 'fail' } })), true);
    assert.equal(isFailing(task('c', 'review', { gates: { unit: 'pass' } })), false);
    const cols = filterColumns(boardColumns([snapshot('a', 10)], []), { ...NO_FILTER, failedOnly: true });
    assert.equal(cols.pending.length, 0);
    assert.equal(cols.failed.length, 2);
  });

  it('returns the same columns when no filter is set', () => {
    const cols = boardColumns([snapshot('a', 10)], []);
    assert.equal(filterColumns(cols, NO_FILTER), cols);
  });

  it('lists sources sorted and unique', () => {
    const s = snapshot('a', 0);
    s.columns.pending.push(task('1', 'pending', { source: 'vscode' }), task('2', 'pending', { source: 'prd' }), task('3', 'failed', { source: 'prd' }));
    assert.deepEqual(sourcesOf([s]), ['prd', 'vscode']);
  });
});
