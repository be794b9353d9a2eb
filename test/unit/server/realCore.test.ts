// The server over the real LokiCore, real files and the chokidar watcher: file changes in .loki reach WS clients.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LokiCore } from '../../../src/core/lokiCore';
import { coreControlHandler } from '../../../src/server/coreControl';
import { makeTempDir } from '../../fakes/tempDir';
import type { Client, Running } from './helpers/harness';
import { api, connect, startServer } from './helpers/harness';
import { openRealCore, writeLiveProject } from './helpers/liveProject';

describe('API server over the real LokiCore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let closeCore: () => void;
  let run: Running;
  let projectId: string;
  const clients: Client[] = [];

  beforeEach(async () => {
    tmp = makeTempDir('loki-api-core-');
    writeLiveProject(tmp.dir);
    ({ core, dispose: closeCore } = await openRealCore());
    projectId = (await core.addProject(tmp.dir)).id;
    run = await startServer(core, { control: coreControlHandler(() => core.projects()) });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await run.server.close();
    closeCore();
    tmp.cleanup();
  });

  it('serves the project read from real files', async () => {
    const res = await api(run.server.url, `/api/tasks?project=${projectId}&status=pending`, run.read);
    const body = (await res.json()) as { tasks: Array<{ id: string }> };
    assert.deepEqual(body.tasks.map(t => t.id).sort(), ['prd-001', 'prd-002']);
    const sess = (await (await api(run.server.url, `/api/sessions/${projectId}`, run.read)).json()) as { session: { status: string; alive: boolean } };
    assert.equal(sess.session.status, 'running');
    assert.equal(sess.session.alive, true);
  });

  it('turns a PAUSE file written by hand into session:paused and its removal into session:resumed', async () => {
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: [`project:${projectId}`] });
    const snap = await c.nextOfType('snapshot');
    assert.equal((snap.data as { session: { status: string } }).session.status, 'running');
    await c.nextOfType('subscribed');
    await fs.writeFile(path.join(tmp.dir, '.loki', 'PAUSE'), new Date().toISOString());
    const paused = await c.nextOfType('session:paused');
    assert.equal(paused.channel, `session:${(snap.data as { session: { id: string } }).session.id}`);
    await fs.rm(path.join(tmp.dir, '.loki', 'PAUSE'));
    await c.nextOfType('session:resumed');
  });

  it('pauses through POST /api/sessions/{id}/pause (writes PAUSE) and moves a task through PUT .../move', async () => {
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: ['*'] });
    await c.nextOfType('subscribed');
    const pause = await api(run.server.url, `/api/sessions/${projectId}/pause`, run.control, { method: 'POST' });
    assert.equal(pause.status, 202);
    assert.ok((await fs.stat(path.join(tmp.dir, '.loki', 'PAUSE'))).isFile());
    await c.nextOfType('session:paused');
    const move = await api(run.server.url, '/api/tasks/prd-001/move', run.control, { method: 'PUT', body: JSON.stringify({ project: projectId, to: 'in_progress' }) });
    assert.equal(move.status, 200);
    const moved = await c.nextOfType('task:moved');
    assert.deepEqual([(moved.data as { task: { id: string } }).task.id, (moved.data as { from: string }).from, (moved.data as { to: string }).to], ['prd-001', 'pending', 'in_progress']);
  });

  it('adds a task through POST /api/tasks and answers 404 for moving an unknown task', async () => {
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: [`project:${projectId}`] });
    await c.nextOfType('subscribed');
    const add = await api(run.server.url, '/api/tasks', run.control, { method: 'POST', body: JSON.stringify({ project: projectId, title: 'Write the API docs', description: 'README section', priority: 'high' }) });
    assert.equal(add.status, 201);
    const { id } = (await add.json()) as { id: string };
    const created = await c.nextOfType('task:created');
    assert.equal((created.data as { task: { id: string; title: string } }).task.id, id);
    const missing = await api(run.server.url, '/api/tasks/nope-1/move', run.control, { method: 'PUT', body: JSON.stringify({ project: projectId, to: 'review' }) });
    assert.equal(missing.status, 404);
  });

  it('pushes a compat status_update with status paused when PAUSE appears', async () => {
    const c = await connect(run.server, run.read, 'compat=loki');
    clients.push(c);
    await c.nextOfType('connected');
    const first = await c.nextOfType('status_update');
    assert.equal((first.data as { status: string }).status, 'running');
    assert.equal((first.data as { pending_tasks: number }).pending_tasks, 2);
    await fs.writeFile(path.join(tmp.dir, '.loki', 'PAUSE'), '');
    const next = await c.next(m => m.type === 'status_update' && (m.data as { status: string }).status === 'paused');
    assert.equal((next.data as { phase: string }).phase, 'BUILDING');
  });
  it('streams lines appended to a .loki log file as log:entry on logs:<id>, and pages them over REST', async () => {
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: [`logs:${projectId}`] });
    await c.nextOfType('subscribed');
    await fs.mkdir(path.join(tmp.dir, '.loki', 'logs'), { recursive: true });
    await fs.appendFile(path.join(tmp.dir, '.loki', 'logs', 'run.log'), Array.from({ length: 5 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) messages.push(((await c.nextOfType('log:entry')).data as { entry: { message: string } }).entry.message);
    assert.deepEqual(messages.map(m => /line \d/.exec(m)?.[0]), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    const page1 = (await (await api(run.server.url, `/api/logs?project=${projectId}&limit=3`, run.read)).json()) as { entries: Array<{ seq: number }>; next: string | null };
    assert.equal(page1.entries.length, 3);
    assert.ok(page1.next);
    const page2 = (await (await api(run.server.url, `/api/logs?project=${projectId}&limit=3&before=${page1.next}`, run.read)).json()) as { entries: Array<{ seq: number }>; next: string | null };
    assert.equal(page2.entries.length, 2);
    assert.ok(page2.entries.every(e => e.seq < page1.entries[0]!.seq));
  });
});
