import assert from 'node:assert/strict';
import { aggregateStatus, escapeMd, projectStatus } from '../../../src/extension/statusText';
import { snapshot } from './sessionFixtures';

const NOW = Date.parse('2025-01-01T00:10:00Z');

describe('status bar text', () => {
  it('shows phase, iteration, completed/total and cost while running', () => {
    const v = projectStatus(snapshot({ status: 'running', alive: true, phase: 'BUILDING', iteration: 3, costUsd: 1.239, lastWriteAt: NOW - 1000 }, { completed: 12, pending: 15, in_progress: 3 }), NOW);
    assert.equal(v.text, '$(sync~spin) Loki: BUILDING · iter 3 · 12/30 · $1.24');
    assert.equal(v.severity, 'none');
  });
  it('says running when the phase is not known yet', () => {
    assert.equal(projectStatus(snapshot({ status: 'starting', alive: true }), NOW).text, '$(sync~spin) Loki: running');
  });
  it('shows paused when PAUSE exists even before the runner blocks', () => {
    const v = projectStatus(snapshot({ status: 'running', alive: true, phase: 'BUILDING', control: { pause: true, stop: false, humanInput: false } }), NOW);
    assert.match(v.text, /^\$\(debug-pause\) Loki: paused · BUILDING/);
    assert.equal(v.severity, 'warning');
  });
  it('marks an alive run that wrote nothing for over 60 s as stale', () => {
    const v = projectStatus(snapshot({ status: 'running', alive: true, phase: 'BUILDING', lastWriteAt: NOW - 61_000 }), NOW);
    assert.match(v.text, /Loki: stale/);
    assert.ok(v.tooltip.some(l => l.includes('61 s')));
  });
  it('does not call a fresh run stale', () => {
    assert.doesNotMatch(projectStatus(snapshot({ status: 'running', alive: true, lastWriteAt: NOW - 59_000 }), NOW).text, /stale/);
  });
  it('shows stopped, completed, failed and idle', () => {
    assert.match(projectStatus(snapshot({ status: 'stopped' }), NOW).text, /debug-stop.*stopped/);
    assert.match(projectStatus(snapshot({ status: 'completed' }), NOW).text, /pass.*completed/);
    assert.equal(projectStatus(snapshot({ status: 'failed' }), NOW).severity, 'error');
    assert.equal(projectStatus(snapshot({ status: 'idle' }), NOW).text, '$(circle-outline) Loki: idle');
  });
  it('reports a non-zero terminal exit of a run that did not complete', () => {
    assert.equal(projectStatus(snapshot({ status: 'stopped' }), NOW, 1).text, '$(error) Loki: exited (1)');
    assert.match(projectStatus(snapshot({ status: 'completed' }), NOW, 1).text, /completed/);
  });
  it('aggregates several running projects', () => {
    const a = snapshot({ status: 'running', alive: true, projectId: 'a' }, {}, 'a');
    const b = snapshot({ status: 'running', alive: true, projectId: 'b' }, {}, 'b');
    const c = snapshot({ status: 'paused', alive: true, projectId: 'c' }, {}, 'c');
    assert.equal(aggregateStatus([a, b], NOW).text, '$(sync~spin) Loki: 2 running');
    assert.equal(aggregateStatus([a, b, c], NOW).text, '$(sync~spin) Loki: 2 running, 1 paused');
    assert.equal(aggregateStatus([a, b, c], NOW).tooltip.filter(l => l.startsWith('- ')).length, 3);
  });
  it('escapes Markdown from file content in tooltips', () => {
    assert.equal(escapeMd('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    const v = projectStatus(snapshot({ status: 'running', alive: true, provider: '[p](http://e)' }, {}, 'a*b'), NOW);
    assert.ok(v.tooltip.every(l => !l.includes('](')));
  });
});
