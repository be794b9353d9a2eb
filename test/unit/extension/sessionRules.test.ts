import assert from 'node:assert/strict';
import { isPerpetual, isSessionActive, isStale, runState } from '../../../src/extension/sessionRules';
import { session } from './sessionFixtures';

describe('session rules', () => {
  it('treats an alive runner as active whatever the status says', () => {
    assert.equal(isSessionActive(session({ status: 'stopped', alive: true })), true);
    assert.equal(isSessionActive(session({ status: 'completed' })), false);
    assert.equal(isSessionActive(undefined), false);
  });
  it('maps sessions to the project:<state> context values', () => {
    assert.equal(runState(session({ status: 'running', alive: true })), 'running');
    assert.equal(runState(session({ status: 'running', alive: true, mode: 'paused' })), 'paused');
    assert.equal(runState(session({ status: 'paused' })), 'paused');
    assert.equal(runState(session({ status: 'failed' })), 'idle');
  });
  it('calls a run perpetual when the mode says so, or a bash run has no PRD', () => {
    assert.equal(isPerpetual(session({ autonomyMode: 'perpetual', prdPath: 'prd.md' })), true);
    assert.equal(isPerpetual(session({ autonomyMode: 'checkpoint' })), false);
    assert.equal(isPerpetual(session({ prdPath: null })), true);
    assert.equal(isPerpetual(session({ prdPath: '/w/prd.md' })), false);
    assert.equal(isPerpetual(session({ runner: 'bun' })), false);
  });
  it('is stale only for alive runs with an old last write', () => {
    assert.equal(isStale(session({ alive: true, lastWriteAt: 0 }), 61_000), true);
    assert.equal(isStale(session({ alive: false, lastWriteAt: 0 }), 61_000), false);
    assert.equal(isStale(session({ alive: true, lastWriteAt: null }), 61_000), false);
  });
});
