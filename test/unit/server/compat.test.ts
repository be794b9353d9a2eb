import assert from 'node:assert/strict';
import { makeAgent, makeTask } from '../../fakes/domain';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Client, Running } from './helpers/harness';
import { connect, startServer } from './helpers/harness';

const STATUS_KEYS = ['status', 'phase', 'iteration', 'complexity', 'mode', 'provider', 'running_agents', 'pending_tasks', 'current_task', 'version'];

describe('WebSocket compat mode (?compat=loki)', () => {
  let source: FakeSource;
  let run: Running;
  let c: Client;

  beforeEach(async () => {
    const snap = makeSnapshot('p1', [makeTask('prd-001', 'pending'), makeTask('prd-002', 'pending'), makeTask('iteration-3', 'in_progress', { title: 'Building from prd.md' })]);
    snap.session.currentTaskId = 'iteration-3';
    snap.session.iteration = 3;
    snap.agents = [makeAgent('p1', snap.session.id, 'a1'), makeAgent('p1', snap.session.id, 'a2', { status: 'completed' })];
    source = new FakeSource(snap, makeSnapshot('p2'));
    run = await startServer(source);
    c = await connect(run.server, run.read, 'compat=loki');
  });
  afterEach(async () => {
    c.ws.terminate();
    await run.server.close();
  });

  it('greets with connected, then a status_update with Loki\'s 10 keys', async () => {
    const hello = await c.next();
    assert.deepEqual(hello, { type: 'connected', data: { message: 'Connected to Loki Dashboard' } });
    const st = await c.next();
    assert.equal(st.type, 'status_update');
    assert.deepEqual(Object.keys(st.data as object), STATUS_KEYS);
    assert.deepEqual(st.data, {
      status: 'running', phase: 'BUILDING', iteration: 3, complexity: 'standard', mode: 'autonomous', provider: 'claude',
      running_agents: 1, pending_tasks: 2, current_task: 'Building from prd.md', version: 'unknown',
    });
    assert.equal(st.seq, undefined, 'compat messages are plain {type, data}');
  });

  it('answers ping with pong and echoes subscribe as subscribed', async () => {
    await c.nextOfType('status_update');
    c.send({ type: 'ping' });
    assert.deepEqual(await c.next(), { type: 'pong' });
    c.send({ type: 'subscribe', data: { channel: 'tasks', extra: [1, 2] } });
    assert.deepEqual(await c.next(), { type: 'subscribed', data: { channel: 'tasks', extra: [1, 2] } });
  });

  it('pushes status_update when the session changes (and not when nothing in it changed)', async () => {
    await c.nextOfType('status_update');
    const s = source.snapshot('p1')!.session;
    source.emit('p1', { kind: 'session/changed', session: { ...s, lastWriteAt: 5 }, fields: ['lastWriteAt'] });
    source.emit('p1', { kind: 'session/changed', session: { ...s, status: 'paused', mode: 'paused' }, fields: ['status', 'mode'] });
    const st = await c.next();
    assert.equal(st.type, 'status_update');
    assert.equal((st.data as { status: string }).status, 'paused');
    assert.equal((st.data as { mode: string }).mode, 'paused');
  });

  it('sends task_created and task_moved in Loki\'s shapes, with completed mapped to done', async () => {
    await c.nextOfType('status_update');
    source.emit('p1', { kind: 'task/created', task: makeTask('vscode-1', 'pending', { title: 'Add docs' }) });
    const created = await c.nextOfType('task_created');
    assert.deepEqual(created.data, { id: 'vscode-1', project_id: 'p1', title: 'Add docs', status: 'pending' });
    const pendingNow = await c.nextOfType('status_update');
    assert.equal((pendingNow.data as { pending_tasks: number }).pending_tasks, 3);
    source.emit('p1', { kind: 'task/moved', task: makeTask('prd-001', 'completed', { title: 'Login' }), from: 'pending' });
    const moved = await c.nextOfType('task_moved');
    assert.deepEqual(moved.data, { id: 'prd-001', project_id: 'p1', title: 'Login', old_status: 'pending', new_status: 'done', position: 0 });
    source.emit('p1', { kind: 'task/removed', id: 'prd-002', from: 'pending' });
    assert.deepEqual((await c.nextOfType('task_deleted')).data, { id: 'prd-002', project_id: 'p1' });
  });

  it('follows the project named by ?project=, ignoring the others', async () => {
    const c2 = await connect(run.server, run.read, 'compat=loki&project=p2');
    try {
      await c2.nextOfType('status_update');
      source.emit('p1', { kind: 'task/created', task: makeTask('a', 'pending') });
      source.emit('p2', { kind: 'task/created', task: makeTask('b', 'pending') });
      const m = await c2.nextOfType('task_created');
      assert.equal((m.data as { id: string }).id, 'b');
    } finally {
      c2.ws.terminate();
    }
  });
});
