import assert from 'node:assert/strict';
import type { ProjectInfo } from '../../../src/core/domain';
import { deepEqual, diffSnapshots } from '../../../src/core/snapshotDiff';
import { makeAgent, makeLearning, makeTask } from '../../fakes/domain';
import { emptyDerived } from '../../fakes/fakeProjectModel';

const project: ProjectInfo = { id: 'p1', name: 'p', path: '/p' };

describe('diffSnapshots', () => {
  it('reports nothing for two equal snapshots built separately', () => {
    const a = emptyDerived(project);
    a.columns.pending.push(makeTask('t1', 'pending', { notes: ['x'] }));
    assert.deepEqual(diffSnapshots(a, structuredClone(a)), []);
  });

  it('reports the first snapshot as presence, session, created tasks, quality, iterations and problems', () => {
    const s = emptyDerived(project);
    s.columns.pending.push(makeTask('t1', 'pending'));
    assert.deepEqual(diffSnapshots(null, s).map(c => c.kind), [
      'project/loki', 'session/changed', 'task/created', 'quality/changed', 'iterations/changed', 'problems/changed',
    ]);
  });

  it('tells created, moved, updated and removed tasks apart', () => {
    const a = emptyDerived(project);
    a.columns.pending.push(makeTask('stay', 'pending'), makeTask('move', 'pending'), makeTask('gone', 'pending'));
    const b = structuredClone(a);
    b.columns.pending = [makeTask('stay', 'pending', { title: 'renamed' })];
    b.columns.in_progress = [makeTask('move', 'in_progress')];
    b.columns.completed = [makeTask('new', 'completed')];
    const changes = diffSnapshots(a, b);
    assert.deepEqual(changes.map(c => [c.kind, 'task' in c ? c.task.id : 'id' in c ? c.id : null, 'from' in c ? c.from : null]), [
      ['task/updated', 'stay', null],
      ['task/moved', 'move', 'pending'],
      ['task/created', 'new', null],
      ['task/removed', 'gone', 'pending'],
    ]);
  });

  it('names exactly the session fields that changed', () => {
    const a = emptyDerived(project);
    const b = structuredClone(a);
    b.session.iteration = 7;
    b.session.control = { ...b.session.control, pause: true };
    const [c] = diffSnapshots(a, b);
    assert.equal(c?.kind, 'session/changed');
    assert.deepEqual(c?.kind === 'session/changed' ? c.fields.sort() : [], ['control', 'iteration']);
  });

  it('reports agents spawned, updated and completed, and learnings added once', () => {
    const a = emptyDerived(project);
    a.agents = [makeAgent('p1', 's', 'a1'), makeAgent('p1', 's', 'a2')];
    a.learnings = [makeLearning('l1', 'p1', 'old')];
    const b = structuredClone(a);
    b.agents = [makeAgent('p1', 's', 'a1', { status: 'completed' }), makeAgent('p1', 's', 'a2', { toolCount: 3 }), makeAgent('p1', 's', 'a3')];
    b.learnings = [makeLearning('l1', 'p1', 'old'), makeLearning('l2', 'p1', 'new')];
    assert.deepEqual(diffSnapshots(a, b).map(c => c.kind), ['agent/completed', 'agent/updated', 'agent/spawned', 'learning/added']);
  });

  it('reports quality, iterations and problems only when they change', () => {
    const a = emptyDerived(project);
    const b = structuredClone(a);
    b.problems = [{ file: 'queue/pending.json', message: 'bad JSON' }];
    b.iterations = [{ iteration: 1, model: null, phase: null, status: 'ok', durationMs: 5, inputTokens: null, outputTokens: null, costUsd: null, timestamp: null }];
    assert.deepEqual(diffSnapshots(a, b).map(c => c.kind), ['iterations/changed', 'problems/changed']);
    b.hasLoki = false;
    assert.equal(diffSnapshots(a, b)[0]?.kind, 'project/loki');
  });

  it('compares objects regardless of key order and ignores undefined keys', () => {
    assert.ok(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined }));
    assert.ok(!deepEqual({ a: [1, 2] }, { a: [2, 1] }));
    assert.ok(!deepEqual({ a: null }, { a: {} }));
  });
});
