import { strict as assert } from 'node:assert';
import { SESSION_STATUSES, TASK_STATUSES } from '../../../src/core/domain';
import {
  AUTONOMY_STATUS,
  DASHBOARD_DB_TASK_STATUS,
  mapAutonomyStatus,
  mapDashboardDbStatus,
  mapDashboardMode,
  mapPriority,
  mapRecordStatus,
  mapSource,
  mapWebAppStatus,
  mapWsStatus,
  markdownDirStatus,
  queueFileStatus,
  rarvStepOf,
  reportOnce,
  SESSION_STATUS_TO_WEB_APP,
  SESSION_STATUS_TO_WS,
  TASK_STATUS_RANK,
  TASK_STATUS_TO_DASHBOARD_DB,
} from '../../../src/core/status';

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

  it('maps record status strings, falling back to the file column and reporting unknown ones', () => {
    const r = recorder();
    assert.equal(mapRecordStatus('in_progress', 'pending', r.report), 'in_progress');
    assert.equal(mapRecordStatus('In Progress', 'pending', r.report), 'in_progress');
    assert.equal(mapRecordStatus('done', 'pending', r.report), 'completed');
    assert.equal(mapRecordStatus('dead-letter', 'pending', r.report), 'failed');
    assert.equal(mapRecordStatus('weird', 'review', r.report), 'review');
    assert.deepEqual(r.calls, [['task status', 'weird']]);
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

  it('maps the dashboard DB enum both ways (failed shares done)', () => {
    assert.deepEqual(Object.keys(DASHBOARD_DB_TASK_STATUS), ['backlog', 'pending', 'in_progress', 'review', 'done']);
    assert.equal(mapDashboardDbStatus('backlog'), 'pending');
    assert.equal(mapDashboardDbStatus('done'), 'completed');
    for (const s of TASK_STATUSES) assert.ok(Object.hasOwn(DASHBOARD_DB_TASK_STATUS, TASK_STATUS_TO_DASHBOARD_DB[s]));
    assert.equal(TASK_STATUS_TO_DASHBOARD_DB.failed, 'done');
    const r = recorder();
    assert.equal(mapDashboardDbStatus('archived', r.report), null);
    assert.equal(r.calls.length, 1);
  });

  it('maps web app, WS and dashboard-mode vocabularies and back', () => {
    assert.deepEqual(['created', 'running', 'paused', 'completed', 'failed'].map(s => mapWebAppStatus(s)), ['starting', 'running', 'paused', 'completed', 'failed']);
    assert.deepEqual(['running', 'paused', 'stopped', 'autonomous'].map(s => mapWsStatus(s)), ['running', 'paused', 'stopped', 'running']);
    assert.deepEqual(['autonomous', 'paused', 'stopped'].map(s => mapDashboardMode(s)), ['running', 'paused', 'stopping']);
    for (const s of SESSION_STATUSES) {
      assert.ok(['running', 'paused', 'stopped'].includes(SESSION_STATUS_TO_WS[s]), s);
      assert.ok(mapWebAppStatus(SESSION_STATUS_TO_WEB_APP[s]) !== null, s);
    }
    const r = recorder();
    assert.equal(mapDashboardMode('hyperdrive', r.report), null);
    assert.equal(mapWsStatus('toString', r.report), null);
    assert.equal(r.calls.length, 2);
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
