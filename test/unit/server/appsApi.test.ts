// GET /api/apps and ?app= over the real LokiCore, the real AppIndex and real folders.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeAppGraphFs } from '../../../src/core/adapters/nodeAppGraphFs';
import { AppIndex } from '../../../src/core/apps/appIndex';
import { nullLogger } from '../../../src/core/logger';
import type { LokiCore } from '../../../src/core/lokiCore';
import { makeTempDir } from '../../fakes/tempDir';
import type { Running } from './helpers/harness';
import { api, connect, startServer } from './helpers/harness';
import { openRealCore, writeLiveProject } from './helpers/liveProject';

type Json = Record<string, unknown>;

describe('App graphs over the API', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let closeCore: () => void;
  let apps: AppIndex;
  let run: Running;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    tmp = makeTempDir('loki-api-apps-');
    const costs: Record<string, number> = { 'myapp/ui': 1.25, 'myapp/api': 0.5, solo: 9 };
    for (const rel of ['myapp/ui', 'myapp/api', 'solo']) {
      const dir = path.join(tmp.dir, rel);
      mkdirSync(dir, { recursive: true });
      writeLiveProject(dir);
      const state = path.join(dir, '.loki', 'dashboard-state.json');
      writeFileSync(state, JSON.stringify({ ...(JSON.parse(readFileSync(state, 'utf8')) as Json), tokens: { input: 10, output: 5, cost_usd: costs[rel] } }));
      if (rel.startsWith('myapp/')) writeFileSync(path.join(dir, '.loki', 'app.json'), '{"schema_version":1,"app_id":"myapp"}');
    }
    ({ core, dispose: closeCore } = await openRealCore());
    apps = new AppIndex(core, { fs: nodeAppGraphFs, log: nullLogger, sweepMs: 0 });
    for (const rel of ['myapp/ui', 'myapp/api', 'solo']) ids[rel] = (await core.addProject(path.join(tmp.dir, rel))).id;
    await apps.refresh();
    run = await startServer(core, { apps });
  });
  afterEach(async () => {
    await run.server.close();
    apps.dispose();
    closeCore();
    tmp.cleanup();
  });

  const get = async (p: string): Promise<{ status: number; body: Json }> => {
    const res = await api(run.server.url, p, run.read);
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('lists apps with their projects, members and summed cost', async () => {
    const { status, body } = await get('/api/apps');
    assert.equal(status, 200);
    const list = body.apps as Json[];
    assert.equal(list.length, 1);
    const app = list[0]!;
    assert.equal(app.appId, 'myapp');
    assert.deepEqual(app.roots, [path.join(tmp.dir, 'myapp')]);
    assert.deepEqual(app.members, [path.join(tmp.dir, 'myapp/api'), path.join(tmp.dir, 'myapp/ui')]);
    assert.deepEqual(app.projectIds, [ids['myapp/ui'], ids['myapp/api']]);
    assert.equal(app.costUsd, 1.75, 'ui 1.25 + api 0.50; solo is not part of the app');
    assert.equal(app.running, 2);
  });

  it('filters projects, tasks and agents by ?app= and tags each project with its app', async () => {
    const projects = (await get('/api/projects?app=myapp')).body.projects as Json[];
    assert.deepEqual(projects.map(p => p.id).sort(), [ids['myapp/ui'], ids['myapp/api']].sort());
    assert.ok(projects.every(p => p.app === 'myapp'));
    const all = (await get('/api/projects')).body.projects as Json[];
    assert.equal(all.find(p => p.id === ids.solo)?.app, null);
    const tasks = (await get('/api/tasks?app=myapp')).body.tasks as Json[];
    assert.ok(tasks.length > 0);
    assert.ok(tasks.every(t => t.projectId !== ids.solo));
    const agents = (await get('/api/agents?app=myapp')).body.agents as Json[];
    assert.ok(agents.every(a => a.projectId !== ids.solo));
    const missing = await get('/api/projects?app=nope');
    assert.equal(missing.status, 404);
    assert.equal((missing.body.error as Json).code, 'app_not_found');
  });

  it('pushes apps:changed to * subscribers when a manifest edit moves a project to another app', async () => {
    const c = await connect(run.server, run.read);
    try {
      c.send({ type: 'subscribe', channels: ['*'] });
      await c.nextOfType('subscribed');
      writeFileSync(path.join(tmp.dir, 'myapp/api', '.loki', 'app.json'), '{"schema_version":1,"app_id":"api-app"}');
      await apps.refresh();
      const ev = await c.nextOfType('apps:changed');
      assert.equal(ev.channel, '*');
      const groups = (ev.data as Json).apps as Json[];
      assert.deepEqual(groups.map(g => [g.appId, g.projectIds]), [['api-app', [ids['myapp/api']]], ['myapp', [ids['myapp/ui']]]]);
    } finally {
      c.ws.terminate();
    }
  });
});
