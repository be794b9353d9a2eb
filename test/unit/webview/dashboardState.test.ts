import assert from 'node:assert/strict';
import { applyChanges, applyLogPage, applySnapshot, initialState } from '../../../src/webview/model/dashboardState';
import type { DashboardState } from '../../../src/webview/model/dashboardState';
import type { ProjectSnapshot } from '../../../src/core/domain';
import { agent, env, logLines, session, snapshot, task } from './fixtures';

function loaded(...snaps: ProjectSnapshot[]): DashboardState {
  return applySnapshot(initialState(), { type: 'state/snapshot', projects: snaps, activeProjectId: null, logs: [], trusted: true, history: [] });
}

describe('webview state: snapshots and deltas', () => {
  it('takes a snapshot: projects, versions, logs grouped by project', () => {
    const s = applySnapshot(initialState(), {
      type: 'state/snapshot', projects: [snapshot('a', 5, 3), snapshot('b', 0, 9)], activeProjectId: 'b',
      logs: [...logLines('a', 1, 3), ...logLines('b', 1, 2)], trusted: false, history: [],
    });
    assert.deepEqual(s.projects.map(p => p.id), ['a', 'b']);
    assert.equal(s.snapshots.a!.version, 3);
    assert.equal(s.logs.a!.length, 3);
    assert.equal(s.logs.b!.length, 2);
    assert.equal(s.activeProjectId, 'b');
    assert.equal(s.trusted, false);
    assert.equal(s.loaded, true);
  });

  it('moves a task between columns and bumps the version', () => {
    const s0 = loaded(snapshot('a', 10, 1));
    const t = { ...s0.snapshots.a!.columns.pending[0]!, status: 'in_progress' as const };
    const s1 = applyChanges(s0, [env('a', 2, { kind: 'task/moved', task: t, from: 'pending' })]);
    assert.equal(s1.snapshots.a!.version, 2);
    assert.ok(!s1.snapshots.a!.columns.pending.some(x => x.id === t.id));
    assert.equal(s1.snapshots.a!.columns.in_progress.at(-1)!.id, t.id);
  });

  it('copies only the touched column: others keep their identity', () => {
    const s0 = loaded(snapshot('a', 50, 1), snapshot('b', 5, 1));
    const t = { ...s0.snapshots.a!.columns.review[0]!, title: 'renamed' };
    const s1 = applyChanges(s0, [env('a', 2, { kind: 'task/updated', task: t })]);
    const before = s0.snapshots.a!.columns;
    const after = s1.snapshots.a!.columns;
    assert.notEqual(after.review, before.review);
    assert.equal(after.review[0]!.title, 'renamed');
    assert.equal(after.pending, before.pending);
    assert.equal(after.completed, before.completed);
    assert.equal(s1.snapshots.b, s0.snapshots.b);
    assert.equal(s1.snapshots.a!.agents, s0.snapshots.a!.agents);
  });

  it('creates and removes tasks', () => {
    const s0 = loaded(snapshot('a', 0, 1));
    const s1 = applyChanges(s0, [
      env('a', 2, { kind: 'task/created', task: task('new', 'pending') }),
      env('a', 3, { kind: 'task/created', task: task('gone', 'failed') }),
      env('a', 4, { kind: 'task/removed', id: 'gone', from: 'failed' }),
    ]);
    assert.deepEqual(s1.snapshots.a!.columns.pending.map(t => t.id), ['new']);
    assert.deepEqual(s1.snapshots.a!.columns.failed, []);
    assert.equal(s1.snapshots.a!.version, 4);
  });

  it('updates session, agents, quality and appends log lines', () => {
    const s0 = loaded(snapshot('a', 0, 1));
    const s1 = applyChanges(s0, [
      env('a', 2, { kind: 'session/changed', session: session('a', { status: 'paused' }), fields: ['status'] }),
      env('a', 3, { kind: 'agent/spawned', agent: agent('a', 'x') }),
      env('a', 4, { kind: 'agent/completed', agent: agent('a', 'x', { status: 'completed' }) }),
      env('a', 5, { kind: 'log/entries', entries: logLines('a', 1, 5) }),
      env('a', 6, { kind: 'quality/changed', quality: { gates: [{ name: 'lint', status: 'pass' }], council: null, checklist: null, notifications: [] } }),
    ]);
    const snap = s1.snapshots.a!;
    assert.equal(snap.session.status, 'paused');
    assert.deepEqual(snap.agents.map(a => [a.id, a.status]), [['x', 'completed']]);
    assert.equal(s1.logs.a!.length, 5);
    assert.equal(snap.quality.gates[0]!.name, 'lint');
    assert.equal(snap.version, 6);
  });

  it('takes the memory summary and the attention facts from their deltas', () => {
    const s0 = loaded(snapshot('a', 1, 1));
    const memory = { topics: 2, topicsByType: { topic: 2 }, episodes: 2, keyDecisions: [{ timestamp: null, text: 'Use argparse' }], recentActions: 2, economics: null };
    const facts = { markers: [{ name: 'PAUSE', at: 1 }], checkpointRequestedAt: null, signals: [], escalations: [], rejectedInputs: [], acceptedInputAt: null, councilBlocks: [], sessionEnded: false };
    const s1 = applyChanges(s0, [env('a', 2, { kind: 'memory/changed', memory }), env('a', 3, { kind: 'facts/changed', facts })]);
    assert.deepEqual(s1.snapshots.a?.memory, memory);
    assert.deepEqual(s1.snapshots.a?.facts, facts);
    assert.equal(s1.snapshots.a?.version, 3);
  });

  it('skips envelopes the snapshot already contained', () => {
    const s0 = loaded(snapshot('a', 5, 7));
    const s1 = applyChanges(s0, [env('a', 6, { kind: 'task/removed', id: 't0', from: 'pending' }), env('a', 7, { kind: 'project/loki', hasLoki: false })]);
    assert.equal(s1, s0);
  });

  it('marks the state stale on a version gap and ignores deltas until a snapshot', () => {
    const s0 = loaded(snapshot('a', 5, 1));
    const s1 = applyChanges(s0, [env('a', 3, { kind: 'project/loki', hasLoki: false })]);
    assert.equal(s1.stale, true);
    assert.equal(s1.snapshots.a!.hasLoki, true);
    const s2 = applyChanges(s1, [env('a', 2, { kind: 'project/loki', hasLoki: false })]);
    assert.equal(s2, s1);
    const s3 = applySnapshot(s2, { type: 'state/snapshot', projects: [snapshot('a', 5, 3)], activeProjectId: null, logs: [], trusted: true, history: [] });
    assert.equal(s3.stale, false);
    assert.equal(s3.snapshots.a!.version, 3);
  });

  it('asks for a snapshot when a delta names an unknown project', () => {
    const s1 = applyChanges(loaded(snapshot('a', 0, 1)), [env('zzz', 1, { kind: 'project/loki', hasLoki: true })]);
    assert.equal(s1.stale, true);
  });

  it('keeps changes applied before a gap in the same batch', () => {
    const s0 = loaded(snapshot('a', 0, 1));
    const s1 = applyChanges(s0, [env('a', 2, { kind: 'task/created', task: task('n', 'pending') }), env('a', 9, { kind: 'project/loki', hasLoki: false })]);
    assert.equal(s1.stale, true);
    assert.equal(s1.snapshots.a!.version, 2);
    assert.equal(s1.snapshots.a!.columns.pending.length, 1);
  });

  it('merges paged older log lines in front without duplicates', () => {
    const s0 = applySnapshot(initialState(), { type: 'state/snapshot', projects: [snapshot('a', 0, 1)], activeProjectId: null, logs: logLines('a', 101, 50), trusted: true, history: [] });
    const s1 = applyLogPage(s0, 'a', logLines('a', 51, 60));
    const seqs = s1.logs.a!.map(e => e.seq);
    assert.equal(seqs[0], 51);
    assert.equal(seqs.at(-1), 150);
    assert.equal(new Set(seqs).size, seqs.length);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
  });

  it('keeps loaded older pages when a new snapshot brings the tail again', () => {
    const s0 = applySnapshot(initialState(), { type: 'state/snapshot', projects: [snapshot('a', 0, 1)], activeProjectId: null, logs: logLines('a', 1, 100), trusted: true, history: [] });
    const s1 = applySnapshot(s0, { type: 'state/snapshot', projects: [snapshot('a', 0, 2)], activeProjectId: null, logs: logLines('a', 51, 60), trusted: true, history: [] });
    assert.equal(s1.logs.a!.length, 110);
    assert.equal(s1.logs.a![0]!.seq, 1);
  });
});
