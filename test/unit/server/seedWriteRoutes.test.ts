// Seed write routes over the real LokiCore, real files, the headless SeedControl and the fake `loki` (runs the simulator).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { LokiCore } from '../../../src/core/lokiCore';
import { Store } from '../../../src/core/store/store';
import { coreControlHandler } from '../../../src/server/coreControl';
import { coreSeedControl } from '../../../src/server/coreSeedControl';
import { makeTempDir } from '../../fakes/tempDir';
import type { Client, Running } from './helpers/harness';
import { api, connect, startServer } from './helpers/harness';
import { writeLiveProject } from './helpers/liveProject';

type Json = Record<string, unknown>;
const FAKE_LOKI = path.resolve(__dirname, '../../fixtures/bin/loki');

describe('seed write routes over the real core', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let store: Store;
  let run: Running;
  let projectId: string;
  let project: string;
  const clients: Client[] = [];
  const savedEnv = { ...process.env };

  beforeEach(async () => {
    tmp = makeTempDir('loki-seed-write-');
    project = path.join(tmp.dir, 'proj');
    writeLiveProject(project);
    store = await Store.open({ file: null, log: nullLogger });
    core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: path.join(tmp.dir, 'home'), debounceMs: 5 });
    projectId = (await core.addProject(project)).id;
    run = await startServer(core, {
      control: coreControlHandler(() => core.projects()),
      seed: coreSeedControl(core, { lokiCli: FAKE_LOKI, homeDir: path.join(tmp.dir, 'home') }),
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await run.server.close();
    core.dispose();
    store.dispose();
    process.env = { ...savedEnv };
    tmp.cleanup();
  });

  const call = async (method: string, p: string, body?: unknown, token = run.control): Promise<{ status: number; body: Json }> => {
    const res = await api(run.server.url, p, token, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const pending = (): Array<Record<string, unknown>> => JSON.parse(readFileSync(path.join(project, '.loki/queue/pending.json'), 'utf8')) as Array<Record<string, unknown>>;

  it('adds, renames and removes a project; removal keeps the files', async () => {
    const other = path.join(tmp.dir, 'other');
    writeLiveProject(other);
    const added = await call('POST', '/api/projects', { path: other, name: 'Other' });
    assert.equal(added.status, 201);
    const id = (added.body.project as Json).id as string;
    assert.ok(core.projects().some(p => p.id === id && p.name === 'Other'));
    assert.equal((await call('POST', '/api/projects', { path: 'relative/dir' })).status, 400);
    assert.equal((await call('POST', '/api/projects', { path: path.join(tmp.dir, 'missing') })).status, 400);
    const renamed = await call('PUT', `/api/projects/${id}`, { name: 'Renamed' });
    assert.equal(renamed.status, 200);
    assert.equal(core.projects().find(p => p.id === id)?.name, 'Renamed');
    assert.equal((await call('DELETE', `/api/projects/${id}`)).status, 200);
    assert.ok(!core.projects().some(p => p.id === id));
    assert.ok(existsSync(path.join(other, '.loki')), 'no file is deleted');
    assert.equal((await call('DELETE', `/api/projects/${id}`)).status, 404);
    assert.equal((await call('POST', '/api/projects', { path: other }, run.read)).status, 403, 'read tokens cannot');
  });

  it('reads, edits and deletes a task the user added; runner-owned tasks answer 409', async () => {
    const added = await call('POST', '/api/tasks', { project: projectId, title: 'Mine', priority: 'low' });
    const id = added.body.id as string;
    await core.refresh(projectId);
    const got = await call('GET', `/api/tasks/${id}?project=${projectId}`, undefined, run.read);
    assert.equal(got.status, 200);
    assert.equal((got.body.task as Json).title, 'Mine');
    assert.equal((await call('PUT', `/api/tasks/${id}`, { project: projectId, title: 'Mine, edited', priority: 'high' })).status, 200);
    assert.deepEqual(pending().filter(t => t.id === id).map(t => [t.title, t.priority]), [['Mine, edited', 'high']]);
    const runner = await call('PUT', '/api/tasks/prd-001', { project: projectId, title: 'hijack' });
    assert.equal(runner.status, 409);
    assert.equal((runner.body.error as Json).code, 'read_only');
    assert.equal((await call('DELETE', `/api/tasks/prd-001?project=${projectId}`)).status, 409);
    assert.equal(pending().find(t => t.id === 'prd-001')?.title, 'User login', 'the runner task is untouched');
    assert.equal((await call('PUT', `/api/tasks/${id}`, { project: projectId })).status, 400);
    await core.refresh(projectId);
    assert.equal((await call('DELETE', `/api/tasks/${id}?project=${projectId}`)).status, 200);
    assert.ok(!pending().some(t => t.id === id));
    await core.refresh(projectId);
    assert.equal((await call('GET', `/api/tasks/${id}?project=${projectId}`, undefined, run.read)).status, 404);
  });

  it('adds tasks in bulk, all or nothing on bad input', async () => {
    const ok = await call('POST', '/api/tasks/bulk', { project: projectId, tasks: [{ title: 'A' }, { title: 'B', priority: 'critical', description: 'b' }] });
    assert.equal(ok.status, 201);
    assert.equal((ok.body.ids as string[]).length, 2);
    assert.deepEqual(pending().filter(t => (ok.body.ids as string[]).includes(t.id as string)).map(t => t.title), ['A', 'B']);
    const before = pending().length;
    assert.equal((await call('POST', '/api/tasks/bulk', { project: projectId, tasks: [{ title: 'C' }, { title: '' }] })).status, 400);
    assert.equal((await call('POST', '/api/tasks/bulk', { project: projectId, tasks: Array.from({ length: 101 }, (_, i) => ({ title: `t${i}` })) })).status, 413);
    assert.equal(pending().length, before);
  });

  it('adds a learning to ~/.loki/learnings once', async () => {
    const first = await call('POST', '/api/learnings', { text: 'Cache the wasm', category: 'patterns', project: projectId });
    assert.equal(first.status, 201);
    const again = await call('POST', '/api/learnings', { text: 'CACHE THE WASM' });
    assert.deepEqual([again.status, again.body.added], [200, false]);
    const lines = readFileSync(path.join(tmp.dir, 'home/.loki/learnings/patterns.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as Json);
    assert.equal(lines.length, 2, 'a header and one entry');
    assert.equal(lines[1]!.description, 'Cache the wasm');
    assert.equal(lines[1]!.project, 'proj');
    assert.equal((await call('POST', '/api/learnings', { text: 'x', category: 'gossip' })).status, 400);
  });

  it('starts a session with loki start (the fake runs the simulator) and refuses while one runs', async () => {
    assert.equal((await call('POST', '/api/sessions', { project: projectId })).status, 409, 'the live project already runs');
    const fresh = path.join(tmp.dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(path.join(fresh, 'prd.md'), '# Todo app\n\n## Requirements\n- Add todos\n');
    const id = ((await call('POST', '/api/projects', { path: fresh })).body.project as Json).id as string;
    assert.equal((await call('POST', '/api/sessions', { project: id, prd: '../outside.md' })).status, 400);
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: [`project:${id}`] });
    await c.nextOfType('subscribed');
    process.env.LOKI_SIM_SPEED = '50';
    process.env.LOKI_SIM_ITERATIONS = '1';
    const started = await call('POST', '/api/sessions', { project: id, prd: 'prd.md', provider: 'claude' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await c.nextOfType('session:started');
    await c.nextOfType('session:completed');
  });
});
