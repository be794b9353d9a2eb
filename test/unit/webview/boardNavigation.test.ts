import assert from 'node:assert/strict';
import type { TaskStatus } from '../../../src/core/domain';
import type { BoardColumns } from '../../../src/webview/model/boardModel';
import { findCard, nextCard } from '../../../src/webview/model/boardNavigation';
import { task } from './fixtures';

/** Columns with the given card ids (project `p`). */
function board(layout: Partial<Record<TaskStatus, string[]>>): BoardColumns {
  const col = (s: TaskStatus) => (layout[s] ?? []).map(id => ({ projectId: 'p', task: task(id, s) }));
  return { pending: col('pending'), in_progress: col('in_progress'), review: col('review'), completed: col('completed'), failed: col('failed') };
}
const id = (c: { task: { id: string } } | undefined) => c?.task.id;

describe('webview board navigation', () => {
  const cols = board({ pending: ['a', 'b', 'c'], review: ['r'], failed: ['f1', 'f2'] });

  it('moves up and down within a column and stops at its ends', () => {
    assert.equal(id(nextCard(cols, { status: 'pending', index: 0 }, 'ArrowDown')), 'b');
    assert.equal(id(nextCard(cols, { status: 'pending', index: 2 }, 'ArrowDown')), 'c');
    assert.equal(id(nextCard(cols, { status: 'pending', index: 0 }, 'ArrowUp')), 'a');
    assert.equal(id(nextCard(cols, { status: 'pending', index: 1 }, 'Home')), 'a');
    assert.equal(id(nextCard(cols, { status: 'pending', index: 0 }, 'End')), 'c');
  });

  it('skips empty columns left and right and keeps the row where it can', () => {
    assert.equal(id(nextCard(cols, { status: 'pending', index: 2 }, 'ArrowRight')), 'r', 'in_progress is empty; review has one card');
    assert.equal(id(nextCard(cols, { status: 'review', index: 0 }, 'ArrowRight')), 'f1');
    assert.equal(id(nextCard(cols, { status: 'failed', index: 1 }, 'ArrowLeft')), 'r');
    assert.equal(nextCard(cols, { status: 'failed', index: 0 }, 'ArrowRight'), undefined);
    assert.equal(nextCard(cols, { status: 'pending', index: 0 }, 'ArrowLeft'), undefined);
  });

  it('ignores other keys', () => {
    assert.equal(nextCard(cols, { status: 'pending', index: 0 }, 'x'), undefined);
  });

  it('finds a card by project and id, or null', () => {
    assert.deepEqual(findCard(cols, { projectId: 'p', taskId: 'f2' })?.index, 1);
    assert.equal(findCard(cols, { projectId: 'other', taskId: 'f2' }), null);
    assert.equal(findCard(cols, null), null);
  });
});
