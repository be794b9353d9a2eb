import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { LogEntry } from '../../../src/core/domain';
import { makeAgent, makeLearning, makeSession, makeTask } from '../../fakes/domain';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Client, Running } from './helpers/harness';
import { connect, refusedUpgrade, startServer } from './helpers/harness';

const logEntry = (projectId: string, seq: number, message: string): LogEntry => ({ seq, projectId, timestamp: null, level: 'info', source: 'logs/run.log', message });

describe('WebSocket protocol', () => {
  let source: FakeSource;
  let run: Running;
  const open: Client[] = [];
  const client = async (query = '', token?: string): Promise<Client> => {
    const c = await connect(run.server, token ?? run.read, query);
    open.push(c);
    return c;
  };

  beforeEach(async () => {
    source = new FakeSource(makeSnapshot('p1', [makeTask('prd-001', 'pending')]), makeSnapshot('p2'));
    run = await startServer(source);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.ws.terminate();
    await run.server.close();
  });

  it('sends a snapshot per project on subscribe, then the ack, with seq increasing by 1', async () => {
    const c = await client();
    c.send({ type: 'subscribe', channels: ['*'] });
    const s1 = await c.nextOfType('snapshot');
    const s2 = await c.nextOfType('snapshot');
    const ack = await c.nextOfType('subscribed');
    assert.deepEqual([s1.channel, s2.channel], ['project:p1', 'project:p2']);
    assert.equal((s1.data as { project: { id: string } }).project.id, 'p1');
    assert.deepEqual([s1.seq, s2.seq, ack.seq], [1, 2, 3]);
    assert.deepEqual(ack.data, { channels: ['*'] });
    assert.equal(typeof s1.timestamp, 'string');
  });

  it('delivers only the subscribed channels', async () => {
    const c1 = await client();
    const c2 = await client();
    c1.send({ type: 'subscribe', channels: ['project:p1'] });
    c2.send({ type: 'subscribe', channels: ['project:p2'] });
    await c1.nextOfType('subscribed');
    await c2.nextOfType('subscribed');
    source.emit('p1', { kind: 'task/created', task: makeTask('vscode-1', 'pending', { raw: { big: true } }) });
    source.emit('p2', { kind: 'task/created', task: makeTask('vscode-9', 'pending') });
    const m1 = await c1.nextOfType('task:created');
    const m2 = await c2.nextOfType('task:created');
    assert.equal((m1.data as { task: { id: string } }).task.id, 'vscode-1');
    assert.equal((m1.data as { task: Record<string, unknown> }).task.raw, undefined, 'raw records stay out of events');
    assert.equal(m1.channel, 'project:p1');
    assert.equal((m2.data as { task: { id: string } }).task.id, 'vscode-9');
    assert.equal(c1.messages.length + c2.messages.length, 0, 'no cross-delivery');
  });

  it('maps core changes to the event types', async () => {
    const c = await client();
    c.send({ type: 'subscribe', channels: ['project:p1'] });
    await c.nextOfType('subscribed');
    const base = source.snapshot('p1')!.session;
    source.emit('p1', { kind: 'session/changed', session: { ...base, status: 'paused' }, fields: ['status'] });
    source.emit('p1', { kind: 'session/changed', session: { ...base, status: 'running' }, fields: ['status'] });
    source.emit('p1', { kind: 'session/changed', session: { ...base, phase: 'TESTING' }, fields: ['phase'] });
    source.emit('p1', { kind: 'task/moved', task: makeTask('prd-001', 'in_progress'), from: 'pending' });
    source.emit('p1', { kind: 'task/moved', task: makeTask('prd-001', 'completed'), from: 'in_progress' });
    source.emit('p1', { kind: 'task/moved', task: makeTask('prd-002', 'failed'), from: 'in_progress' });
    source.emit('p1', { kind: 'task/updated', task: makeTask('prd-003', 'review') });
    source.emit('p1', { kind: 'agent/spawned', agent: makeAgent('p1', base.id, 'a1') });
    source.emit('p1', { kind: 'agent/updated', agent: makeAgent('p1', base.id, 'a1') });
    source.emit('p1', { kind: 'agent/completed', agent: makeAgent('p1', base.id, 'a1', { status: 'completed' }) });
    source.emit('p1', { kind: 'learning/added', learning: makeLearning('l1', 'p1', 'cache the wasm') });
    source.emit('p1', { kind: 'session/changed', session: { ...base, status: 'stopped' }, fields: ['status'] });
    source.emit('p1', { kind: 'session/changed', session: { ...base, status: 'completed' }, fields: ['status'] });
    source.emit('p1', { kind: 'session/changed', session: { ...base, status: 'failed' }, fields: ['status'] });
    const want = [
      'session:paused', 'session:resumed', 'phase:changed', 'phase:completed', 'phase:started', 'task:moved', 'task:completed', 'task:failed', 'task:updated',
      'agent:spawned', 'agent:updated', 'agent:completed', 'learning:added', 'session:stopped', 'session:completed', 'session:failed',
    ];
    const got: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < want.length; i++) {
      const m = await c.next();
      got.push(m.type as string);
      seqs.push(m.seq as number);
    }
    assert.deepEqual(got, want);
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1]! + 1, 'seq increases by exactly 1');
  });

  it('pushes phase:completed then phase:started with the phases, and session:updated for iteration, cost, tokens and budget', async () => {
    const c = await client();
    c.send({ type: 'subscribe', channels: ['project:p1'] });
    await c.nextOfType('subscribed');
    const base = source.snapshot('p1')!.session;
    source.emit('p1', { kind: 'session/changed', session: { ...base, phase: 'QA' }, fields: ['phase'] });
    const completed = await c.nextOfType('phase:completed');
    assert.deepEqual([(completed.data as Record<string, unknown>).phase, (completed.data as Record<string, unknown>).next], [base.phase, 'QA']);
    const started = await c.nextOfType('phase:started');
    assert.deepEqual([(started.data as Record<string, unknown>).phase, (started.data as Record<string, unknown>).previous], ['QA', base.phase]);
    const next = { ...base, phase: 'QA', iteration: 7, costUsd: 2.5, tokens: { input: 100, output: 20 }, budget: { limit: 10, used: 2.5, exceeded: false } } as typeof base;
    source.emit('p1', { kind: 'session/changed', session: next, fields: ['iteration', 'costUsd', 'tokens', 'budget'] });
    const updated = await c.nextOfType('session:updated');
    const d = updated.data as Record<string, unknown>;
    assert.deepEqual(d.changed, ['iteration', 'costUsd', 'tokens', 'budget']);
    assert.equal(d.iteration, 7);
    assert.equal(d.costUsd, 2.5);
    assert.deepEqual(d.tokens, { input: 100, output: 20 });
    assert.equal(updated.channel, `session:${base.id}`);
    source.emit('p1', { kind: 'session/changed', session: { ...next, provider: 'codex' }, fields: ['provider'] });
    source.emit('p1', { kind: 'task/created', task: makeTask('after', 'pending') });
    assert.equal((await c.next()).type, 'task:created', 'a change of other fields sends no session:updated');
  });

  it('sends session events to session:<id> subscribers, and a new session as session:started', async () => {
    const c = await client();
    const sid = source.snapshot('p2')!.session.id;
    c.send({ type: 'subscribe', channels: [`session:${sid}`] });
    const snap = await c.nextOfType('snapshot');
    assert.equal(snap.channel, 'project:p2');
    await c.nextOfType('subscribed');
    source.emit('p2', { kind: 'session/changed', session: makeSession('p2', { status: 'stopped' }), fields: ['status'] });
    source.emit('p2', { kind: 'session/changed', session: makeSession('p2', { status: 'running' }), fields: ['status'] });
    source.emit('p2', { kind: 'task/created', task: makeTask('x', 'pending') });
    const stopped = await c.next();
    const started = await c.next();
    assert.equal(stopped.type, 'session:stopped');
    assert.equal(stopped.channel, `session:${sid}`);
    assert.equal(started.type, 'session:started');
    assert.equal((started.data as { previousStatus: string }).previousStatus, 'stopped');
    source.emit('p2', { kind: 'session/changed', session: makeSession('p2', { status: 'paused' }), fields: ['status'] });
    assert.equal((await c.next()).type, 'session:paused', 'the task event before it was not for this channel');
  });

  it('sends log lines one per entry, only to logs:<projectId> subscribers', async () => {
    const all = await client();
    const logs = await client();
    all.send({ type: 'subscribe', channels: ['*'] });
    logs.send({ type: 'subscribe', channels: ['logs:p1'] });
    await all.nextOfType('subscribed');
    await logs.nextOfType('subscribed');
    source.emit('p1', { kind: 'log/entries', entries: [logEntry('p1', 1, 'one'), logEntry('p1', 2, 'two')] });
    source.emit('p1', { kind: 'task/created', task: makeTask('t', 'pending') });
    const a = await logs.next();
    const b = await logs.next();
    assert.deepEqual([a.type, b.type, a.channel], ['log:entry', 'log:entry', 'logs:p1']);
    assert.deepEqual([(a.data as { entry: LogEntry }).entry.message, (b.data as { entry: LogEntry }).entry.message], ['one', 'two']);
    const first = await all.next();
    assert.equal(first.type, 'task:created', '`*` does not include logs');
  });

  it('stops delivering after unsubscribe', async () => {
    const c = await client();
    c.send({ type: 'subscribe', channels: ['project:p1', 'project:p2'] });
    await c.nextOfType('subscribed');
    c.send({ type: 'unsubscribe', channels: ['project:p1'] });
    const ack = await c.nextOfType('unsubscribed');
    assert.deepEqual(ack.data, { channels: ['project:p2'] });
    source.emit('p1', { kind: 'task/created', task: makeTask('a', 'pending') });
    source.emit('p2', { kind: 'task/created', task: makeTask('b', 'pending') });
    const m = await c.next();
    assert.equal((m.data as { projectId: string }).projectId, 'p2');
  });

  it('sends a snapshot of a project that appears to `*` subscribers', async () => {
    const c = await client();
    c.send({ type: 'subscribe', channels: ['*'] });
    await c.nextOfType('subscribed');
    source.addProject(makeSnapshot('p3'));
    const snap = await c.nextOfType('snapshot');
    assert.equal(snap.channel, 'project:p3');
  });

  it('answers ping with pong and malformed messages with error', async () => {
    const c = await client();
    c.send({ type: 'ping' });
    assert.equal((await c.next()).type, 'pong');
    c.ws.send('not json');
    const e1 = await c.next();
    assert.deepEqual([e1.type, (e1.data as { code: string }).code], ['error', 'bad_request']);
    c.send({ type: 'subscribe', channels: ['bogus'] });
    assert.equal(((await c.next()).data as { code: string }).code, 'bad_channels');
    c.send({ type: 'launch' });
    assert.equal(((await c.next()).data as { code: string }).code, 'bad_request');
  });

  it('closes connections of a revoked token with 1008 at once and keeps the others', async () => {
    const t = await run.tokens.create('read');
    const doomed = await client('', t.token);
    const kept = await client();
    await run.tokens.revoke(t.info.id);
    const closed = await doomed.closed;
    assert.equal(closed.code, 1008);
    assert.equal(closed.reason, 'token revoked');
    kept.send({ type: 'ping' });
    assert.equal((await kept.next()).type, 'pong');
  });

  it('closes a connection that sends a frame above 64 KiB with 1009', async () => {
    const c = await client();
    c.ws.send('x'.repeat(64 * 1024 + 1));
    assert.equal((await c.closed).code, 1009);
  });

  it('accepts a frame of exactly 64 KiB', async () => {
    const c = await client();
    const frame = JSON.stringify({ type: 'ping', pad: '' }).padEnd(64 * 1024, ' ');
    assert.equal(Buffer.byteLength(frame), 64 * 1024);
    c.ws.send(frame);
    assert.equal((await c.next()).type, 'pong');
  });

  it('only accepts WebSocket connections on /ws', async () => {
    assert.equal(await refusedUpgrade(`${run.server.url.replace('http', 'ws')}/other?token=${run.read}`), 404);
  });
});

describe('WebSocket limits', () => {
  it('refuses connections above the cap with 503 and accepts again after one closes', async () => {
    const source = new FakeSource(makeSnapshot('p1'));
    const run = await startServer(source, { limits: { maxConnections: 2 } });
    try {
      const a = await connect(run.server, run.read);
      const b = await connect(run.server, run.read);
      assert.equal(await refusedUpgrade(`${run.server.wsUrl}?token=${run.read}`), 503);
      a.ws.close();
      await a.closed;
      for (let i = 0; i < 100 && run.server.stats().connections > 1; i++) await new Promise(r => setImmediate(r));
      const c = await connect(run.server, run.read);
      c.ws.terminate();
      b.ws.terminate();
    } finally {
      await run.server.close();
    }
  });

  it('answers a burst above the rate limit with an error, then closes with 1008 when it goes on', async () => {
    const run = await startServer(new FakeSource(makeSnapshot('p1')), { limits: { rateBurst: 5, ratePerSecond: 0.001, rateStrikes: 10 } });
    try {
      const c = await connect(run.server, run.read);
      for (let i = 0; i < 30; i++) c.send({ type: 'ping' });
      const closed = await c.closed;
      const types = c.messages.map(m => m.type);
      assert.deepEqual(types.slice(0, 5), ['pong', 'pong', 'pong', 'pong', 'pong']);
      assert.equal(types[5], 'error');
      assert.equal((c.messages[5]!.data as { code: string }).code, 'rate_limited');
      assert.equal(closed.code, 1008);
    } finally {
      await run.server.close();
    }
  });

  it('terminates a peer that stops answering pings, and keeps one that answers', async () => {
    const run = await startServer(new FakeSource(makeSnapshot('p1')), { limits: { pingIntervalMs: 50 } });
    try {
      const dead = await connect(run.server, run.read, '', { autoPong: false });
      const alive = await connect(run.server, run.read);
      const closed = await dead.closed;
      assert.equal(closed.code, 1006, 'terminated without a close frame');
      await alive.nextOfType('heartbeat');
      await alive.nextOfType('heartbeat');
      assert.equal(alive.ws.readyState, WebSocket.OPEN);
      alive.ws.terminate();
    } finally {
      await run.server.close();
    }
  });

  it('closes a consumer that does not read with 1013 instead of buffering without bound', async () => {
    const source = new FakeSource(makeSnapshot('p1'));
    const run = await startServer(source, { limits: { maxBufferedBytes: 256 * 1024 } });
    try {
      const c = await connect(run.server, run.read);
      c.send({ type: 'subscribe', channels: ['logs:p1'] });
      await c.nextOfType('subscribed');
      // Stop reading: the kernel buffers fill, then the server's own queue grows past the threshold.
      (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const line = 'z'.repeat(60 * 1024);
      for (let i = 0; i < 2000 && run.server.stats().slowConsumersClosed === 0; i++) {
        source.emit('p1', { kind: 'log/entries', entries: [logEntry('p1', i, line)] });
        if (i % 20 === 0) await new Promise(r => setImmediate(r));
      }
      assert.equal(run.server.stats().slowConsumersClosed, 1);
      (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      const closed = await c.closed;
      assert.equal(closed.code, 1013);
    } finally {
      await run.server.close();
    }
  });
});
