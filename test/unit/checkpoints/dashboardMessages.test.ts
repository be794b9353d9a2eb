// The dashboard side of checkpoints: which card gets the marker, and what the host accepts from the webview.
import assert from 'node:assert/strict';
import type { CheckpointInfo } from '../../../src/core/domain';
import { isHostMessage, isWebviewMessage } from '../../../src/core/protocol';
import { checkpointAfter } from '../../../src/webview/model/checkpointMarks';

const cp = (id: string, taskId: string | null): CheckpointInfo => ({
  id, iteration: null, taskId, task: null, timestamp: null, sha: null, snapshotSha: null, branch: null, phase: null, provider: null, hasState: true,
});

describe('checkpoint markers and messages', () => {
  it('marks an iteration card with the checkpoint taken right after it, failed iterations included', () => {
    const list = [cp('cp-3-30', 'session-end'), cp('cp-3-20', 'iteration-3'), cp('cp-2-10', 'iteration-2-fail'), cp('cp-1-5', 'iteration-1')];
    assert.equal(checkpointAfter(list, { id: 'iteration-3' })?.id, 'cp-3-20');
    assert.equal(checkpointAfter(list, { id: 'iteration-2' })?.id, 'cp-2-10');
    assert.equal(checkpointAfter(list, { id: 'prd-001' }), null);
    assert.equal(checkpointAfter(undefined, { id: 'iteration-1' }), null);
    assert.equal(checkpointAfter([cp('cp-1-9', 'iteration-1'), cp('cp-1-5', 'iteration-1')], { id: 'iteration-1' })?.id, 'cp-1-5', 'the first one after the task');
  });

  it('accepts checkpoint/run only with a known action and a safe checkpoint id', () => {
    const ok = { type: 'checkpoint/run', projectId: 'p', action: 'rollback', checkpointId: 'cp-1-5', taskId: null };
    assert.ok(isWebviewMessage(ok));
    assert.ok(isWebviewMessage({ ...ok, action: 'rollbackBeforeTask', checkpointId: null, taskId: 'iteration-2' }));
    assert.ok(!isWebviewMessage({ ...ok, action: 'delete' }));
    assert.ok(!isWebviewMessage({ ...ok, checkpointId: '../../etc' }));
    assert.ok(!isWebviewMessage({ ...ok, checkpointId: 'a b' }));
    assert.ok(!isWebviewMessage({ ...ok, taskId: 5 }));
    assert.ok(isHostMessage({ type: 'checkpoints/list', projectId: 'p', checkpoints: [] }));
    assert.ok(!isHostMessage({ type: 'checkpoints/list', projectId: 'p' }));
  });
});
