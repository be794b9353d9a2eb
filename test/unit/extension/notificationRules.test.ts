import assert from 'node:assert/strict';
import type { ChangeEnvelope, ProjectChange } from '../../../src/core/domain';
import { allowed, collapse, NoticeRules } from '../../../src/extension/notificationRules';
import type { Notice } from '../../../src/extension/notificationRules';
import { session, task } from './sessionFixtures';

let version = 0;
const env = (change: ProjectChange, projectId = 'p1'): ChangeEnvelope => ({ projectId, version: ++version, at: 0, change });
const sessionChange = (over: Parameters<typeof session>[0]): ChangeEnvelope => env({ kind: 'session/changed', session: session(over), fields: ['status'] });

describe('notification rules', () => {
  it('only seeds on the first status seen, so opening a finished run is silent', () => {
    const r = new NoticeRules(() => 'alpha');
    assert.deepEqual(r.take(sessionChange({ status: 'completed' })), []);
  });
  it('announces a running session that completes, stops or fails', () => {
    const r = new NoticeRules(() => 'alpha');
    r.take(sessionChange({ status: 'running', alive: true }));
    const [done] = r.take(sessionChange({ status: 'completed', iteration: 4 }));
    assert.equal(done?.kind, 'session-ended');
    assert.equal(done?.severity, 'info');
    assert.match(done?.message ?? '', /alpha completed after 4 iterations/);
    r.take(sessionChange({ status: 'running', alive: true, id: 'p1:2' }));
    const [failed] = r.take(sessionChange({ status: 'failed', id: 'p1:2', phase: 'BUILDING' }));
    assert.equal(failed?.severity, 'error');
  });
  it('does not repeat when the status stays the same', () => {
    const r = new NoticeRules(() => 'alpha');
    r.take(sessionChange({ status: 'running' }));
    assert.equal(r.take(sessionChange({ status: 'stopped' })).length, 1);
    assert.equal(r.take(sessionChange({ status: 'stopped' })).length, 0);
  });
  it('reports runner-owned tasks moving to failed while a session is active, not moves seen at load', () => {
    const r = new NoticeRules(() => 'alpha');
    const card = (id: string, status: 'failed' | 'completed', title = id) => ({ ...task(id, status, title), readOnly: true });
    assert.deepEqual(r.take(env({ kind: 'task/moved', task: card('t1', 'failed'), from: 'in_progress' })), []);
    r.take(sessionChange({ status: 'running', alive: true }));
    // A task a person can retry is left to Needs you, which offers Retry Task.
    assert.deepEqual(r.take(env({ kind: 'task/moved', task: task('u1', 'failed'), from: 'pending' })), []);
    const [n] = r.take(env({ kind: 'task/moved', task: card('t1', 'failed', 'Write tests'), from: 'in_progress' }));
    assert.equal(n?.kind, 'task-failed');
    assert.match(n?.message ?? '', /Write tests/);
    assert.deepEqual(r.take(env({ kind: 'task/moved', task: task('t2', 'completed'), from: 'in_progress' })), []);
  });
  it('collapses a burst of failed tasks into one notice per project', () => {
    const mk = (id: string, projectId = 'p1'): Notice => ({ projectId, severity: 'error', kind: 'task-failed', key: id, message: `Task failed in alpha: ${id}` });
    const out = collapse([mk('a'), mk('b'), mk('c'), mk('d', 'p2')]);
    assert.equal(out.length, 2);
    assert.equal(out[0]?.message, '3 tasks failed in alpha.');
    assert.equal(out[1]?.message, 'Task failed in alpha: d');
  });
  it('filters by the notifications setting', () => {
    const err: Notice = { projectId: 'p', severity: 'error', kind: 'input-rejected', key: 'k', message: 'm' };
    const info: Notice = { ...err, severity: 'info', kind: 'session-ended' };
    assert.deepEqual([allowed('off', err), allowed('errors', err), allowed('errors', info), allowed('all', info)], [false, true, false, true]);
  });
});
