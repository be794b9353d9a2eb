// Session exports at the hub: a teammate exporting a publisher's past session (json, markdown, csv, timeline) gets
// what the publisher's own server answers. Real PostgreSQL, the real core over real files with a real sql.js store,
// a real TeamPublisher and TeamHub, and a real API server in front of each, over HTTP.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { Store } from '../../src/core/store/store';
import { TeamHub } from '../../src/server/team/teamHub';
import { teamSessionId, teamTiming } from '../../src/server/team/teamKeys';
import { TeamPublisher } from '../../src/server/team/teamPublisher';
import { makeTempDir } from '../fakes/tempDir';
import { waitFor } from '../fakes/waitFor';
import { api, startServer } from '../unit/server/helpers/harness';
import type { Running } from '../unit/server/helpers/harness';
import { writeLiveProject } from '../unit/server/helpers/liveProject';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

const FORMATS = ['json', 'markdown', 'csv', 'timeline'] as const;
const event = (timestamp: string, type: string, data: Record<string, unknown>): string => JSON.stringify({ timestamp, type, data }) + '\n';

describe('team hub: exports of a publisher\'s sessions', function () {
  this.timeout(120_000);
  const timing = { ...teamTiming(), heartbeatMs: 200, offlineAfterMs: 5000, flushMs: 20 };
  const machine = 'alpha';
  let pg: TestPostgres;
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let store: Store;
  let core: LokiCore;
  let pubPool: Pool;
  let publisher: TeamPublisher;
  let hubPool: Pool;
  let hub: TeamHub;
  let local: Running;
  let remote: Running;

  before(async () => {
    pg = await startPostgres();
    tmp = makeTempDir('loki-team-exports-');
    dir = path.join(tmp.dir, 'shop');
    writeLiveProject(dir);
    // Session 1 has events before anything publishes (the first publish sends them) and a finished task.
    writeFileSync(path.join(dir, '.loki', 'events.jsonl'),
      event('2026-08-20T14:29:00Z', 'iteration_start', { iteration: 1 }) + event('2026-08-20T14:29:30Z', 'task_claimed', { task: 'prd-001' }));
    writeFileSync(path.join(dir, '.loki', 'queue', 'completed.json'), JSON.stringify([{ id: 'prd-000', title: 'Scaffold', priority: 'medium', status: 'completed', source: 'prd' }]));
    store = await Store.open({ file: path.join(tmp.dir, 'store.sqlite'), log: nullLogger, saveDelayMs: 10 });
    core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
    await core.addProject(dir);
    hubPool = new Pool({ connectionString: pg.url, max: 4 });
    hub = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    pubPool = new Pool({ connectionString: pg.url, max: 4 });
    publisher = await TeamPublisher.start({ pool: pubPool, machine, source: core, log: nullLogger, timing });
    local = await startServer(core);
    remote = await startServer(hub);
  });
  after(async () => {
    await remote?.server.close();
    await local?.server.close();
    await publisher?.close();
    await pubPool?.end();
    await hub?.close();
    await hubPool?.end();
    core?.dispose();
    await store?.close();
    tmp?.cleanup();
    await pg?.stop();
  });

  const localId = (): string => core.projects()[0]!.id;
  const keyOf = (): string => publisher.keyOf(localId());
  const exported = async (run: Running, id: string, format: string): Promise<string> => {
    const res = await api(run.server.url, `/api/sessions/${encodeURIComponent(id)}/export?format=${format}`, run.read);
    assert.equal(res.status, 200, `${format} export of ${id}`);
    return res.text();
  };
  /**
   * The hub names the project and its sessions by the team key and the folder `<machine>:<path>`; the export time is
   * the moment of each request. Everything else must be the same.
   */
  const normalized = (text: string, projectId: string, folder: string): string => {
    const recent = (iso: string): boolean => Math.abs(Date.parse(iso) - Date.now()) < 10 * 60_000;
    return text
      .replaceAll(folder, '<folder>')
      .replaceAll(projectId, '<project>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, iso => (recent(iso) ? '<now>' : iso));
  };

  it('serves a past session\'s tasks and events: every export format equals the publisher\'s own', async () => {
    const pid = localId();
    const key = keyOf();
    const first = `${pid}:2026-08-20T14:28:50Z`;
    await waitFor('session 1 at the hub', () => hub.history(key).some(s => s.id === teamSessionId(key, first)));
    // Told of while published (the append path): an event of session 1, then session 2 starts with one of its own.
    appendFileSync(path.join(dir, '.loki', 'events.jsonl'), event('2026-08-20T14:29:45Z', 'task_completed', { task: 'prd-001' }));
    await waitFor('the third event at the hub', () => hub.events(key).length === 3);
    const state = path.join(dir, '.loki', 'dashboard-state.json');
    writeFileSync(state, JSON.stringify({ timestamp: '2026-08-20T15:00:10Z', version: '6.0.0', mode: 'autonomous', provider: 'claude', phase: 'BUILDING', iteration: 1, startedAt: '2026-08-20T15:00:00Z' }));
    appendFileSync(path.join(dir, '.loki', 'events.jsonl'), event('2026-08-20T15:00:20Z', 'iteration_start', { iteration: 1 }));
    await waitFor('session 2 locally', () => core.snapshot(pid)?.session.id === `${pid}:2026-08-20T15:00:00Z`);
    const pastTasks = core.sessionTasks(pid, first);
    assert.deepEqual(pastTasks.map(t => t.id).sort(), ['prd-000', 'prd-001', 'prd-002'], 'the past session kept its board locally');
    const hubFirst = teamSessionId(key, first);
    await waitFor('the past session\'s tasks and every event at the hub', () =>
      hub.sessionTasks(key, hubFirst).length === 3 && hub.events(key).length === core.events(pid).length && core.events(pid).length === 4);

    for (const format of FORMATS) {
      const mine = normalized(await exported(local, first, format), pid, dir);
      const theirs = normalized(await exported(remote, hubFirst, format), key, `${machine}:${dir}`);
      assert.equal(theirs, mine, `${format} export of the past session`);
    }
    const json = JSON.parse(await exported(remote, hubFirst, 'json')) as { queue: Record<string, Array<{ id: string }>> };
    assert.deepEqual(json.queue.completed!.map(t => t.id), ['prd-000'], 'the stored tasks, not an empty board');
    const timeline = JSON.parse(await exported(remote, hubFirst, 'timeline')) as Array<{ _type: string; type?: string }>;
    assert.deepEqual(timeline.filter(e => e._type === 'event').map(e => e.type), ['iteration_start', 'task_claimed', 'task_completed', 'iteration_start']);

    // The live session's timeline (by project id) carries the runner events too.
    const liveMine = JSON.parse(await exported(local, pid, 'timeline')) as unknown[];
    const liveTheirs = JSON.parse(await exported(remote, key, 'timeline')) as unknown[];
    assert.deepEqual(liveTheirs, liveMine);
    assert.equal(liveTheirs.length, 4);

    // A hub started now reads the same from the tables.
    const late = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    try {
      assert.deepEqual(late.sessionTasks(key, hubFirst), hub.sessionTasks(key, hubFirst));
      assert.deepEqual(late.events(key, 5000), hub.events(key, 5000));
    } finally {
      await late.close();
    }
  });

  it('a publisher restarting over the same store rewrites nothing and repeats no event', async () => {
    const pid = localId();
    const key = keyOf();
    const before = (await hubPool.query<{ stamp: string; ctid: string }>('SELECT stamp, ctid::text FROM loki_team_session_tasks WHERE key = $1 ORDER BY session_id', [key])).rows;
    assert.ok(before.length > 0);
    await publisher.close();
    publisher = await TeamPublisher.start({ pool: pubPool, machine, source: core, log: nullLogger, timing });
    appendFileSync(path.join(dir, '.loki', 'events.jsonl'), event('2026-08-20T15:01:00Z', 'task_claimed', { task: 'prd-002' }));
    await waitFor('the new event at the hub', () => hub.events(key).at(-1)?.data.task === 'prd-002');
    assert.deepEqual(hub.events(key, 5000), core.events(pid, 5000), 'each event once, in order');
    const after = (await hubPool.query<{ stamp: string; ctid: string }>('SELECT stamp, ctid::text FROM loki_team_session_tasks WHERE key = $1 ORDER BY session_id', [key])).rows;
    assert.deepEqual(after, before, 'the past session\'s row was not written again');
  });

  it('removing the project deletes its session tasks and events, at the hub too', async () => {
    const key = keyOf();
    core.removeProject(localId());
    await waitFor('the project gone from the hub', () => !hub.projects().some(p => p.id === key));
    await hub.settled();
    const count = async (table: string): Promise<number> =>
      Number((await hubPool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE key = $1`, [key])).rows[0]!.n);
    assert.equal(await count('loki_team_session_tasks'), 0);
    assert.equal(await count('loki_team_events'), 0);
    assert.deepEqual(hub.events(key), []);
    assert.equal(hub.history(key).length, 0);
    const res = await api(remote.server.url, `/api/sessions/${encodeURIComponent(teamSessionId(key, 'x:2026-08-20T14:28:50Z'))}/export`, remote.read);
    assert.equal(res.status, 404);
  });
});
