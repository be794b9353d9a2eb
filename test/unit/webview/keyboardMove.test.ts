import assert from 'node:assert/strict';
import { IDLE, keyboardMove, toMoveKey } from '../../../src/webview/model/keyboardMove';
import type { FocusedCard } from '../../../src/webview/model/keyboardMove';

const card: FocusedCard = { projectId: 'p', taskId: 'prd-1', title: 'Login', status: 'pending', readOnly: false };

describe('webview keyboard moves', () => {
  it('lifts with Space, moves right twice, drops with Space', () => {
    let step = keyboardMove(IDLE, 'Space', card, true);
    assert.equal(step.state.mode, 'lifted');
    assert.match(step.announce!, /Lifted Login in Pending/);
    step = keyboardMove(step.state, 'ArrowRight', card, true);
    assert.equal(step.announce, 'Over In Progress.');
    step = keyboardMove(step.state, 'ArrowRight', card, true);
    assert.equal(step.announce, 'Over In Review.');
    step = keyboardMove(step.state, 'Space', card, true);
    assert.deepEqual(step.state, IDLE);
    assert.deepEqual(step.move, { projectId: 'p', taskId: 'prd-1', from: 'pending', to: 'review' });
    assert.equal(step.announce, 'Moved Login to In Review.');
  });

  it('Escape cancels without a move', () => {
    let step = keyboardMove(IDLE, 'Space', card, true);
    step = keyboardMove(step.state, 'ArrowRight', card, true);
    step = keyboardMove(step.state, 'Escape', card, true);
    assert.deepEqual(step.state, IDLE);
    assert.equal(step.move, null);
    assert.match(step.announce!, /cancelled.*stays in Pending/);
  });

  it('dropping in the same column moves nothing', () => {
    const lifted = keyboardMove(IDLE, 'Space', card, true).state;
    const step = keyboardMove(lifted, 'Space', card, true);
    assert.equal(step.move, null);
    assert.deepEqual(step.state, IDLE);
  });

  it('stops at the first and last column', () => {
    const lifted = keyboardMove(IDLE, 'Space', card, true).state;
    const step = keyboardMove(lifted, 'ArrowLeft', card, true);
    assert.deepEqual(step.state, lifted);
    assert.match(step.announce!, /last column/);
  });

  it('refuses to lift read-only cards and explains why', () => {
    const step = keyboardMove(IDLE, 'Space', { ...card, readOnly: true }, true);
    assert.deepEqual(step.state, IDLE);
    assert.match(step.announce!, /cannot be moved/);
  });

  it('refuses to lift in Restricted Mode', () => {
    const step = keyboardMove(IDLE, 'Space', card, false);
    assert.deepEqual(step.state, IDLE);
    assert.match(step.announce!, /Restricted Mode/);
  });

  it('leaves arrows alone while idle (they navigate focus)', () => {
    assert.equal(keyboardMove(IDLE, 'ArrowRight', card, true).handled, false);
  });

  it('maps DOM keys', () => {
    assert.equal(toMoveKey(' '), 'Space');
    assert.equal(toMoveKey('ArrowLeft'), 'ArrowLeft');
    assert.equal(toMoveKey('Escape'), 'Escape');
    assert.equal(toMoveKey('a'), null);
  });
});
