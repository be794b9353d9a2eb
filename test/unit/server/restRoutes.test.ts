import assert from 'node:assert/strict';
import { ControlError } from '../../../src/core/write/control';
import type { LogEntry, SessionSummary } from '../../../src/core/domain';
import { emptyColumns } from '../../../src/core/domain';
import type { ControlHandler } from '../../../src/server/types';
import { makeAgent, makeLearning, makeTask } from '../../fakes/domain';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Running } from './helpers/harness';
import { api, startServer } from './helpers/harness';

type Json = Record<string, unknown>;

describe('REST routes', () => {
  let source: FakeSource;
  let run: Running;
  let failWith: Error | null = null;
  const control: ControlHandler = {
    pause: async () => { if (failWith) throw failWith; },
    resume: async () => undefined,
    stop: async () => undefined,
    sendInput: async () => undefined,
    addTask: async () => 'vscode-7',
    moveTask: async () => { if (failWith) throw failWith; },
  };
  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await api(run.server.url, path, run.read);
    return { status: res.status, body: (await res.json()) as Json };
  };

  before(async () => {
    const p1 = makeSnapshot('p1', [makeTask('prd-001', 'pending', { raw: { x: 1 } }), makeTask('iteration-1', 'in_progress'), makeTask('prd-000', 'completed')]);
    p1.agents = [makeAgent('p1', p1.session.id, 'a1')];
    source = new FakeSource(p1, makeSnapshot('p2', [makeTask('prd-009', 'pending')]));
    for (let i = 1; i <= 25; i++) source.logEntries.push({ seq: i, projectId: 'p1', timestamp: null, level: i % 5 === 0 ? 'error' : 'info', source: 'logs/run.log', message: `line ${i}` } satisfies LogEntry);
    const past: SessionSummary = { id: 'p1:2026-08-01T00:00:00Z', projectId: 'p1', status: 'completed', phase: 'COMPLETED', iteration: 9, provider: 'claude', startedAt: '2026-08-01T00:00:00Z', endedAt: '2026-08-01T01:00:00Z', costUsd: 1.5, taskCounts: { ...Object.fromEntries(Object.keys(emptyColumns()).map(k => [k, 0])) } as SessionSummary['taskCounts'] };
    source.sessions = [past];
    source.learningList = [makeLearning('l1', 'p1', 'cache the wasm'), makeLearning('l2', null, 'prefer small files'), makeLearning('l3', 'p2', 'other project')];
    run = await startServer(source, { control });
  });
  after(() => run.server.close());
  afterEach(() => { failWith = null; });

  it('lists projects with a session summary', async () => {
    const { status, body } = await get('/api/projects');
    assert.equal(status, 200);
    const projects = body.projects as Json[];
    assert.deepEqual(projects.map(p => p.id), ['p1', 'p2']);
    assert.deepEqual(projects[0]!.session, { id: 'p1:2026-08-20T14:28:50Z', status: 'running', phase: 'BUILDING', iteration: 1, provider: 'claude', alive: true });
    assert.equal(projects[0]!.pendingTasks, 1);
    assert.equal(projects[0]!.runningAgents, 1);
  });

  it('returns a project snapshot, 404 for an unknown id', async () => {
    const ok = await get('/api/projects/p1');
    assert.equal((ok.body.project as Json).id, 'p1');
    const missing = await get('/api/projects/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: { code: 'project_not_found', message: 'no project with id nope' } });
  });

  it('filters tasks by project and status and leaves raw records out', async () => {
    const all = (await get('/api/tasks')).body.tasks as Json[];
    assert.equal(all.length, 4);
    const pending = (await get('/api/tasks?project=p1&status=pending')).body.tasks as Json[];
    assert.deepEqual(pending.map(t => t.id), ['prd-001']);
    assert.equal(pending[0]!.raw, undefined);
    assert.equal(pending[0]!.projectId, 'p1');
    assert.equal((await get('/api/tasks?status=done')).status, 400);
    assert.equal((await get('/api/tasks?project=zzz')).status, 404);
  });

  it('lists agents by project', async () => {
    assert.deepEqual(((await get('/api/agents?project=p1')).body.agents as Json[]).map(a => a.id), ['a1']);
    assert.deepEqual((await get('/api/agents?project=p2')).body.agents, []);
  });

  it('pages logs backwards with a next cursor until the beginning', async () => {
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    for (; cursor !== null && pages < 10; pages++) {
      const { body } = await get(`/api/logs?project=p1&limit=10${cursor ? `&before=${cursor}` : ''}`);
      const entries = body.entries as LogEntry[];
      seen.unshift(...entries.map(e => e.seq));
      cursor = body.next as string | null;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => i + 1));
    const errors = (await get('/api/logs?project=p1&level=error')).body.entries as LogEntry[];
    assert.deepEqual(errors.map(e => e.seq), [5, 10, 15, 20, 25]);
  });

  it('validates log parameters', async () => {
    assert.equal((await get('/api/logs')).status, 400);
    assert.equal((await get('/api/logs?project=p1&limit=0')).status, 400);
    assert.equal((await get('/api/logs?project=p1&limit=5000')).status, 400);
    assert.equal((await get('/api/logs?project=p1&before=-1')).status, 400);
    assert.equal((await get('/api/logs?project=p1&level=loud')).status, 400);
  });

  it('searches learnings', async () => {
    assert.deepEqual(((await get('/api/learnings?q=wasm')).body.learnings as Json[]).map(l => l.id), ['l1']);
    assert.deepEqual(((await get('/api/learnings?project=p1')).body.learnings as Json[]).map(l => l.id), ['l1', 'l2']);
  });

  it('finds sessions by id, by project id, and from history', async () => {
    const cur = await get(`/api/sessions/${encodeURIComponent('p1:2026-08-20T14:28:50Z')}`);
    assert.equal(cur.body.current, true);
    assert.equal((await get('/api/sessions/p2')).body.projectId, 'p2');
    const past = await get('/api/sessions/p1:2026-08-01T00:00:00Z');
    assert.equal(past.body.current, false);
    assert.equal((past.body.session as Json).costUsd, 1.5);
    assert.equal((await get('/api/sessions/p9:x')).status, 404);
    assert.deepEqual(((await get('/api/sessions?project=p1')).body.sessions as Json[]).map(s => s.id), ['p1:2026-08-01T00:00:00Z']);
  });

  it('refuses control of a past session with 409', async () => {
    const res = await api(run.server.url, '/api/sessions/p1:2026-08-01T00:00:00Z/pause', run.control, { method: 'POST' });
    assert.equal(res.status, 409);
  });

  it('maps ControlError reasons to statuses and keeps their messages', async () => {
    const cases: Array<[ControlError, number, string]> = [
      [new ControlError('no-loki', 'no .loki'), 409, 'no_loki'],
      [new ControlError('not-found', 'no such task'), 404, 'not_found'],
      [new ControlError('read-only', 'runner-owned'), 409, 'read_only'],
      [new ControlError('locked', 'lock held'), 409, 'locked'],
    ];
    for (const [e, status, code] of cases) {
      failWith = e;
      const res = await api(run.server.url, '/api/tasks/iteration-1/move', run.control, { method: 'PUT', body: JSON.stringify({ project: 'p1', to: 'review' }) });
      assert.equal(res.status, status, e.reason);
      assert.deepEqual(await res.json(), { error: { code, message: e.message } });
    }
  });

  it('validates control bodies', async () => {
    const post = (path: string, body: string, method = 'POST'): Promise<Response> => api(run.server.url, path, run.control, { method, body });
    assert.equal((await post('/api/tasks', JSON.stringify({ project: 'p1', title: '  ' }))).status, 400);
    assert.equal((await post('/api/tasks', JSON.stringify({ project: 'p1', title: 'ok', priority: 'urgent' }))).status, 400);
    assert.equal((await post('/api/tasks', JSON.stringify({ project: 'p404', title: 'ok' }))).status, 404);
    assert.equal((await post('/api/tasks', '{not json')).status, 400);
    assert.equal((await post('/api/tasks/x/move', JSON.stringify({ project: 'p1', to: 'done' }), 'PUT')).status, 400);
    assert.equal((await post('/api/sessions/p1/input', JSON.stringify({}))).status, 400);
    assert.equal((await api(run.server.url, '/api/tasks', run.control, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } })).status, 415);
    const created = await post('/api/tasks', JSON.stringify({ project: 'p1', title: 'Docs' }));
    assert.equal(created.status, 201);
    assert.deepEqual(await created.json(), { id: 'vscode-7', projectId: 'p1' });
  });

  it('answers 501 on control routes of a read-only server', async () => {
    const ro = await startServer(source);
    try {
      const res = await api(ro.server.url, '/api/sessions/p1/stop', ro.control, { method: 'POST' });
      assert.equal(res.status, 501);
    } finally {
      await ro.server.close();
    }
  });
});
