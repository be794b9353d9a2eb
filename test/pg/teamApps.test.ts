// Team apps on a real PostgreSQL: two publishers (real LokiCore, real AppIndex over real `.loki/app.json` files)
// publish their projects' app membership; the hub groups them (`/api/apps`, `?app=`), pushes `apps:changed` when a
// publisher discovers or changes an app, and a window's picker merges them with its own apps. Run with `npm run test:pg`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { nodeAppGraphFs } from '../../src/core/adapters/nodeAppGraphFs';
import { AppIndex } from '../../src/core/apps/appIndex';
import { Emitter } from '../../src/core/disposable';
import type { AppGroup } from '../../src/core/domain';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { Store } from '../../src/core/store/store';
import { dashboardApps } from '../../src/extension/dashboard/dashboardApps';
import { remoteProjects } from '../../src/extension/team/remoteProjects';
import { TeamClient } from '../../src/extension/team/teamClient';
import { ApiServer } from '../../src/server/apiServer';
import { TeamHub } from '../../src/server/team/teamHub';
import { teamTiming } from '../../src/server/team/teamKeys';
import { TeamPublisher } from '../../src/server/team/teamPublisher';
import { MemoryTokenStore } from '../../src/server/tokens';
import { makeTempDir } from '../fakes/tempDir';
import { waitFor } from '../fakes/waitFor';
import { writeLiveProject } from '../unit/server/helpers/liveProject';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

type Json = Record<string, unknown>;

function manifest(dir: string, appId: string): void {
  writeFileSync(path.join(dir, '.loki', 'app.json'), JSON.stringify({ schema_version: 1, app_id: appId }));
}

/** One machine: its own store, core and app index over one project folder. */
interface Machine { store: Store; core: LokiCore; apps: AppIndex; pool: Pool; publisher?: TeamPublisher; id: string }

describe('team apps: app membership from publishers to the hub and the picker', function () {
  this.timeout(120_000);
  let pg: TestPostgres;
  let tmp: ReturnType<typeof makeTempDir>;
  const machines: Record<'alice' | 'bob', Machine | undefined> = { alice: undefined, bob: undefined };
  const dirs = { alice: '', bob: '', local: '' };
  let hubPool: Pool;
  let hub: TeamHub;
  let server: ApiServer;
  let token: string;
  let client: TeamClient;
  const timing = { ...teamTiming(), heartbeatMs: 200, offlineAfterMs: 2000, flushMs: 20 };

  const machine = async (name: 'alice' | 'bob'): Promise<Machine> => {
    const store = await Store.open({ file: null, log: nullLogger });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
    const p = await core.addProject(dirs[name]);
    const m: Machine = { store, core, apps: new AppIndex(core, { fs: nodeAppGraphFs, log: nullLogger, sweepMs: 0 }), pool: new Pool({ connectionString: pg.url, max: 4 }), id: p.id };
    machines[name] = m;
    return m;
  };
  const get = async (p: string): Promise<Json> => {
    const res = await fetch(`${server.url}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, p);
    return (await res.json()) as Json;
  };
  const keyOf = (name: 'alice' | 'bob'): string => machines[name]!.publisher!.keyOf(machines[name]!.id);
  const appsAtClient = (): string => JSON.stringify(client.apps().map(a => [a.appId, [...a.projectIds].sort()]));

  before(async () => {
    pg = await startPostgres();
    tmp = makeTempDir('loki-team-apps-');
    for (const [name, member] of [['alice', 'ui'], ['bob', 'api'], ['local', 'web']] as const) {
      dirs[name] = path.join(tmp.dir, 'myapp', member);
      mkdirSync(dirs[name], { recursive: true });
      writeLiveProject(dirs[name]);
      manifest(dirs[name], 'myapp');
    }
    hubPool = new Pool({ connectionString: pg.url, max: 4 });
    hub = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    const tokens = new MemoryTokenStore();
    token = (await tokens.create('read', 'team apps test')).token;
    server = await ApiServer.start({ source: hub, apps: hub, tokens, log: nullLogger, host: '127.0.0.1', port: 0 });
  });

  after(async () => {
    client?.dispose();
    for (const m of Object.values(machines)) {
      await m?.publisher?.close();
      await m?.pool.end();
      m?.apps.dispose();
      m?.core.dispose();
      await m?.store.close();
    }
    await server?.close();
    await hub?.close();
    await hubPool?.end();
    tmp?.cleanup();
    await pg?.stop();
  });

  it('publishes an app discovered after the publisher started, with its roots and members (migration 3)', async () => {
    const alice = await machine('alice');
    // Started before discovery, as in a window that activates: the project goes out without an app first.
    alice.publisher = await TeamPublisher.start({ pool: alice.pool, machine: 'alice', source: alice.core, apps: alice.apps, log: nullLogger, timing });
    await waitFor('alice\'s project at the hub', () => hub.snapshot(keyOf('alice')));
    assert.equal(hub.appOf(keyOf('alice')), null);
    client = new TeamClient(server.url, token, nullLogger);
    await client.connect();
    assert.deepEqual(client.apps(), []);

    await alice.apps.refresh();
    await waitFor(() => `myapp at the client (now ${appsAtClient()})`, () => appsAtClient() === JSON.stringify([['myapp', [keyOf('alice')]]]));
    const root = path.join(tmp.dir, 'myapp');
    const expected: AppGroup = { appId: 'myapp', roots: [`alice:${root}`], members: [dirs.alice, dirs.bob, dirs.local].sort().map(d => `alice:${d}`), projectIds: [keyOf('alice')] };
    assert.deepEqual(hub.apps(), [expected]);
    assert.deepEqual(client.apps(), [expected]);
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    try {
      const row = (await db.query<{ app_id: string; app_roots: unknown; app_members: unknown }>('SELECT app_id, app_roots, app_members FROM loki_projects WHERE key = $1', [keyOf('alice')])).rows[0];
      assert.deepEqual(row, { app_id: 'myapp', app_roots: [root], app_members: [dirs.alice, dirs.bob, dirs.local].sort() });
      const versions = (await db.query<{ version: number }>('SELECT version FROM loki_schema_migrations ORDER BY version')).rows.map(r => r.version);
      assert.deepEqual(versions.slice(0, 3), [1, 2, 3], 'migration 3 (app graph) applied');
    } finally {
      await db.end();
    }
  });

  it('groups two machines\' members into one app at the hub: GET /api/apps (summed cost) and ?app=', async () => {
    const bob = await machine('bob');
    await bob.apps.refresh();
    bob.publisher = await TeamPublisher.start({ pool: bob.pool, machine: 'bob', source: bob.core, apps: bob.apps, log: nullLogger, timing });
    const both = [keyOf('alice'), keyOf('bob')].sort();
    await waitFor(() => `both members at the client (now ${appsAtClient()})`, () => appsAtClient() === JSON.stringify([['myapp', both]]));
    const app = ((await get('/api/apps')).apps as Json[]).find(a => a.appId === 'myapp');
    assert.deepEqual((app?.projectIds as string[]).sort(), both);
    const cost = [keyOf('alice'), keyOf('bob')].reduce((a, k) => a + (hub.snapshot(k)?.session.costUsd ?? 0), 0);
    assert.equal(app?.costUsd, cost);
    assert.deepEqual(((await get('/api/projects?app=myapp')).projects as Json[]).map(p => p.id).sort(), both);
    assert.deepEqual(((await get('/api/projects')).projects as Json[]).map(p => p.app), ['myapp', 'myapp']);
  });

  it('follows a manifest edit on one machine: the hub pushes apps:changed and the member moves to its new app', async () => {
    const bob = machines.bob!;
    manifest(dirs.bob, 'otherapp');
    await bob.apps.refresh();
    await waitFor(() => `bob in otherapp at the client (now ${appsAtClient()})`,
      () => appsAtClient() === JSON.stringify([['myapp', [keyOf('alice')]], ['otherapp', [keyOf('bob')]]]));
    assert.equal(hub.appOf(keyOf('bob')), 'otherapp');
    assert.deepEqual(((await get('/api/projects?app=otherapp')).projects as Json[]).map(p => p.id), [keyOf('bob')]);
    manifest(dirs.bob, 'myapp');
    await bob.apps.refresh();
    await waitFor('bob back in myapp', () => appsAtClient() === JSON.stringify([['myapp', [keyOf('alice'), keyOf('bob')].sort()]]));
  });

  it('gives a window\'s picker one app of its local member and the team\'s members (remote ids as the picker gets them)', async () => {
    const store = await Store.open({ file: null, log: nullLogger });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
    const local = new AppIndex(core, { fs: nodeAppGraphFs, log: nullLogger, sweepMs: 0 });
    const changed = new Emitter<void>();
    try {
      const web = await core.addProject(dirs.local);
      await local.refresh();
      const team = remoteProjects({ client: () => client, onDidChange: changed.event });
      const apps = dashboardApps({ apps: local, team });
      assert.deepEqual(apps.map(a => a.appId), ['myapp']);
      // The local member first, then the hub's members in its order (by project name: bob's `api` before alice's `ui`).
      assert.deepEqual(apps[0]?.projectIds, [web.id, keyOf('bob'), keyOf('alice')]);
      assert.ok(apps[0]?.members.includes(dirs.local) && apps[0].members.includes(`bob:${dirs.bob}`));
      const remoteIds = new Set(team.snapshots().map(s => s.project.id));
      assert.deepEqual(apps[0]?.projectIds.filter(id => remoteIds.has(id)).sort(), [keyOf('alice'), keyOf('bob')].sort());
    } finally {
      changed.dispose();
      local.dispose();
      core.dispose();
      await store.close();
    }
  });
});
