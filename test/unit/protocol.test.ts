import assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage } from '../../src/core/protocol';

describe('protocol guards', () => {
  it('accepts a well-formed task move', () => {
    assert.equal(isWebviewMessage({ type: 'task/move', requestId: 1, projectId: 'p', taskId: 'prd-001', to: 'in_progress' }), true);
  });
  it('rejects a move to an unknown column', () => {
    assert.equal(isWebviewMessage({ type: 'task/move', requestId: 1, projectId: 'p', taskId: 'prd-001', to: 'done' }), false);
  });
  it('rejects unknown message types and non-objects', () => {
    assert.equal(isWebviewMessage({ type: 'eval', code: '1' }), false);
    assert.equal(isWebviewMessage('ready'), false);
    assert.equal(isWebviewMessage(null), false);
  });
  it('rejects input above 1 MiB', () => {
    assert.equal(isWebviewMessage({ type: 'session/input', requestId: 2, projectId: 'p', text: 'x'.repeat(1_048_577) }), false);
  });
  it('accepts an attention action by item id and rejects unknown actions or a missing id', () => {
    assert.equal(isWebviewMessage({ type: 'attention/act', requestId: 3, itemId: 'p:paused', action: 'resume' }), true);
    assert.equal(isWebviewMessage({ type: 'attention/act', requestId: 3, itemId: 'p:paused', action: 'rm -rf' }), false);
    assert.equal(isWebviewMessage({ type: 'attention/act', requestId: 3, action: 'resume' }), false);
    assert.equal(isHostMessage({ type: 'attention/items', items: [] }), true);
    assert.equal(isHostMessage({ type: 'attention/items', items: 'none' }), false);
  });
  it('accepts a delta and rejects a malformed reply', () => {
    assert.equal(isHostMessage({ type: 'state/delta', changes: [] }), true);
    assert.equal(isHostMessage({ type: 'reply', requestId: 1, result: 'ok' }), false);
  });
});
