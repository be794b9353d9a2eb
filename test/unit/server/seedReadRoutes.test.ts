// Seed read routes over the real LokiCore and real files: active agents, learning search, the SSE log stream.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { LokiCore } from '../../../src/core/lokiCore';
import type { Store } from '../../../src/core/store/store';
import { makeLearning } from '../../fakes/domain';
import { makeTempDir } from '../../fakes/tempDir';
import type { Running } from './helpers/harness';
import { api, startServer } from './helpers/harness';
import { openRealCore, writeLiveProject } from './helpers/liveProject';

type Json = Record<string, unknown>;

/** An SSE client on node:http that collects events and lets a test wait for one. */
class SseClient {
  text = '';
  res: IncomingMessage | undefined;
  private waiters: Array<() => void> = [];
  readonly opened: Promise<IncomingMessage>;
  readonly ended: Promise<void>;
  private readonly req;
  constructor(url: string, token: string) {
    let endedResolve: () => void = () => undefined;
    this.ended = new Promise(r => (endedResolve = r));
    this.req = request(url, { headers: { Authorization: `Bearer ${token}` } });
    this.opened = new Promise((resolve, reject) => {
      this.req.on('response', res => {
        this.res = res;
        res.setEncoding('utf8');
        res.on('data', (d: string) => { this.text += d; for (const w of this.waiters.splice(0)) w(); });
        res.on('end', endedResolve);
        res.on('close', endedResolve);
        resolve(res);
      });
      this.req.on('error', reject);
    });
    this.req.end();
  }
  /** Parsed `event: log` payloads so far. */
  events(): Json[] {
    return this.text.split('\n\n').filter(b => b.includes('event: log')).map(b => JSON.parse(b.split('\n').find(l => l.startsWith('data: '))!.slice(6)) as Json);
  }
  async until(pred: () => boolean): Promise<void> {
    while (!pred()) await new Promise<void>(r => this.waiters.push(r));
  }
  close(): void {
    this.req.destroy();
  }
}

describe('seed read routes over the real core', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let store: Store;
  let closeCore: () => void;
  let run: Running;
  let projectId: string;
  const sse: SseClient[] = [];

  beforeEach(async () => {
    tmp = makeTempDir('loki-seed-read-');
    writeLiveProject(tmp.dir);
    mkdirSync(path.join(tmp.dir, '.loki', 'logs'), { recursive: true });
    mkdirSync(path.join(tmp.dir, '.loki', 'state'), { recursive: true });
    writeFileSync(path.join(tmp.dir, '.loki', 'logs', 'run.log'), 'first line\n');
    writeFileSync(path.join(tmp.dir, '.loki', 'state', 'agents.json'), JSON.stringify([
      { id: 'a1', agent_type: 'general-purpose', status: 'active', spawned_at: '2026-08-20T14:29:00Z' },
      { id: 'a2', agent_type: 'general-purpose', status: 'completed', spawned_at: '2026-08-20T14:28:00Z' },
    ]));
    ({ core, store, dispose: closeCore } = await openRealCore());
    projectId = (await core.addProject(tmp.dir)).id;
    run = await startServer(core);
  });
  afterEach(async () => {
    for (const c of sse.splice(0)) c.close();
    await run.server.close();
    closeCore();
    tmp.cleanup();
  });

  const get = async (p: string): Promise<{ status: number; body: Json }> => {
    const res = await api(run.server.url, p, run.read);
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('lists only active agents', async () => {
    const all = (await get(`/api/agents?project=${projectId}`)).body.agents as Json[];
    assert.equal(all.length, 2, 'the fixture has an active and a completed agent');
    const active = (await get('/api/agents/active')).body.agents as Json[];
    assert.deepEqual(active.map(a => a.id), ['a1']);
    assert.equal((await get('/api/agents/active?project=nope')).status, 404);
  });

  it('searches learnings and requires q', async () => {
    store.upsertLearnings([makeLearning('l1', projectId, 'Cache the sql.js wasm'), makeLearning('l2', projectId, 'Prefer small files')]);
    const found = (await get('/api/learnings/search?q=wasm')).body;
    assert.equal(found.total, 1);
    assert.deepEqual((found.learnings as Json[]).map(l => l.id), ['l1']);
    assert.equal((await get('/api/learnings/search')).status, 400);
  });

  it('streams new log lines as SSE, with a tail first, and the server closes open streams on shutdown', async () => {
    const c = new SseClient(`${run.server.url}/api/logs/stream?project=${projectId}&tail=5`, run.read);
    sse.push(c);
    const res = await c.opened;
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    await c.until(() => c.events().some(e => e.message === 'first line'));
    appendFileSync(path.join(tmp.dir, '.loki', 'logs', 'run.log'), 'second line\nthird line\n');
    await c.until(() => c.events().some(e => e.message === 'third line'));
    const messages = c.events().map(e => e.message);
    assert.deepEqual(messages, ['first line', 'second line', 'third line']);
    const seqs = c.events().map(e => e.seq as number);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    await run.server.close();
    await c.ended;
  });

  it('refuses a stream without a project, with a bad level or without a token', async () => {
    assert.equal((await get('/api/logs/stream')).status, 400);
    assert.equal((await get(`/api/logs/stream?project=${projectId}&level=loud`)).status, 400);
    assert.equal((await get('/api/logs/stream?project=nope')).status, 404);
    assert.equal((await api(run.server.url, `/api/logs/stream?project=${projectId}`)).status, 401);
  });
});
