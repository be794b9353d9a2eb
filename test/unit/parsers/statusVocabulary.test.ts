import { strict as assert } from 'node:assert';
import { SESSION_STATUSES, TASK_STATUSES } from '../../../src/core/domain';
import {
  AUTONOMY_STATUS,
  mapAutonomyStatus,
  mapPriority,
  mapSource,
  markdownDirStatus,
  queueFileStatus,
  rarvStepOf,
  reportOnce,
  SESSION_STATUS_TO_LOKI_WS,
  TASK_STATUS_RANK,
  TASK_STATUS_TO_LOKI,
} from '../../../src/core/statusVocabulary';

function recorder(): { calls: Array<[string, string]>; report: (v: string, x: string) => void } {
  const calls: Array<[string, string]> = [];
  return { calls, report: (v, x) => calls.push([v, x]) };
}

describe('status vocabulary tables', () => {
  it('maps every queue file to its column, dead-letter to failed', () => {
    assert.deepEqual(
      ['pending.json', 'in-progress.json', 'review.json', 'blocked.json', 'completed.json', 'failed.json', 'dead-letter.json'].map(queueFileStatus),
      ['pending', 'in_progress', 'review', 'pending', 'completed', 'failed', 'failed'],
    );
    assert.equal(queueFileStatus('current-task.json'), undefined);
    assert.equal(queueFileStatus('constructor'), undefined, 'prototype keys are not table entries');
  });

  it('maps markdown task directories pending/active/review/done', () => {
    assert.deepEqual(['pending', 'active', 'review', 'done'].map(markdownDirStatus), ['pending', 'in_progress', 'review', 'completed']);
    assert.equal(markdownDirStatus('archive'), undefined);
  });

  it('knows all autonomy-state statuses of contract §1.3 and reads each for a live and a dead runner', () => {
    const written = [
      'running', 'exited', 'paused', 'interrupted', 'stopped', 'failed', 'max_iterations_reached', 'max_duration_reached', 'budget_exceeded',
      'council_approved', 'council_force_approved', 'deterministic_gates_passed', 'completion_promise_fulfilled', 'reuse_already_satisfied',
      'policy_blocked', 'force_stopped', 'inconclusive_spec_contradiction', 'gate_stuck_mock_integrity', 'gate_stuck_mutation_integrity',
      'gate_stuck_static_analysis', 'provider_failure_no_mutation', 'provider_deadline_no_mutation', 'provider_deadline_partial_mutation',
      'max_retries_exceeded',
    ];
    for (const s of written) assert.ok(Object.hasOwn(AUTONOMY_STATUS, s), s);
    for (const m of Object.values(AUTONOMY_STATUS)) {
      assert.ok((SESSION_STATUSES as readonly string[]).includes(m.alive));
      assert.ok((SESSION_STATUSES as readonly string[]).includes(m.dead));
    }
    assert.deepEqual(mapAutonomyStatus('exited'), { alive: 'running', dead: 'stopped' });
    assert.equal(mapAutonomyStatus('completion_promise_fulfilled').dead, 'completed');
    assert.equal(mapAutonomyStatus('council_approved').dead, 'completed');
    assert.equal(mapAutonomyStatus('gate_stuck_static_analysis').dead, 'failed');
    assert.equal(mapAutonomyStatus('budget_exceeded').dead, 'stopped');
    assert.equal(mapAutonomyStatus('paused').alive, 'paused');
  });

  it('reads an unknown autonomy status as running/stopped and reports it', () => {
    const r = recorder();
    assert.deepEqual(mapAutonomyStatus('teleported', r.report), { alive: 'running', dead: 'stopped' });
    assert.deepEqual(r.calls, [['autonomy status', 'teleported']]);
  });

  it('maps back to Loki\'s own vocabularies: failed shares done, stopping reads as stopped (STOP file seen)', () => {
    assert.deepEqual(TASK_STATUSES.map(t => TASK_STATUS_TO_LOKI[t]), ['pending', 'in_progress', 'review', 'done', 'done']);
    assert.deepEqual(SESSION_STATUSES.map(st => [st, SESSION_STATUS_TO_LOKI_WS[st]]), [
      ['idle', 'stopped'], ['starting', 'running'], ['running', 'running'], ['paused', 'paused'],
      ['stopping', 'stopped'], ['stopped', 'stopped'], ['completed', 'stopped'], ['failed', 'stopped'],
    ]);
  });

  it('maps word and numeric priorities (10 critical, 8-9 high, 5-7 medium, 1-4 low)', () => {
    assert.deepEqual(['critical', 'HIGH', 'medium', 'low', undefined, null, ''].map(p => mapPriority(p)), ['critical', 'high', 'medium', 'low', 'medium', 'medium', 'medium']);
    assert.deepEqual([10, 9, 8, 7, 5, 4, 1].map(p => mapPriority(p)), ['critical', 'high', 'high', 'medium', 'medium', 'low', 'low']);
    assert.equal(mapPriority('9'), 'high');
    const r = recorder();
    assert.equal(mapPriority('whenever', r.report), 'medium');
    assert.equal(mapPriority({ level: 1 }, r.report), 'medium');
    assert.equal(r.calls.length, 2);
  });

  it('maps sources, recognising iteration cards and TodoWrite mirrors by type', () => {
    assert.equal(mapSource({ source: 'prd', id: 'prd-001' }), 'prd');
    assert.equal(mapSource({ type: 'iteration', id: 'iteration-3' }), 'iteration');
    assert.equal(mapSource({ id: 'iteration-12' }), 'iteration');
    assert.equal(mapSource({ source: 'claude_code_todowrite', type: 'todo', id: 'todo-0' }), 'todo');
    assert.equal(mapSource({ type: 'todo', id: 'x' }), 'todo');
    for (const s of ['github', 'bmad', 'openspec', 'mirofish', 'vscode', 'api', 'markdown', 'agent']) assert.equal(mapSource({ source: s }), s);
    assert.equal(mapSource({ id: 'ip-1', type: 'hotfix' }), 'agent', 'legacy records without a source were written by the agent');
    const r = recorder();
    assert.equal(mapSource({ source: 'jira' }, r.report), 'agent');
    assert.deepEqual(r.calls, [['task source', 'jira']]);
  });

  it('ranks duplicates failed > completed > in_progress > review > pending', () => {
    const order = [...TASK_STATUSES].sort((a, b) => TASK_STATUS_RANK[b] - TASK_STATUS_RANK[a]);
    assert.deepEqual(order, ['failed', 'completed', 'in_progress', 'review', 'pending']);
  });

  it('gives a RARV step only for Bun phases', () => {
    assert.deepEqual(['REASON', 'act', 'REFLECT', 'VERIFY', 'BUILDING', null].map(rarvStepOf), [0, 1, 2, 3, null, null]);
  });

  it('reportOnce passes each vocabulary/value pair through once', () => {
    const r = recorder();
    const once = reportOnce(r.report);
    once('priority', 'x');
    once('priority', 'x');
    once('priority', 'y');
    once('task source', 'x');
    assert.deepEqual(r.calls, [['priority', 'x'], ['priority', 'y'], ['task source', 'x']]);
  });
});
