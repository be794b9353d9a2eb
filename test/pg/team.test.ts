// Team mode end to end: a real PostgreSQL, two publishers (`serve <dir> --db`) on two folders and a hub
// (`serve --hub --db`), all separate processes. Run with `npm run test:pg` (needs the postgresql server package).
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { nullLogger } from '../../src/core/logger';
import { remoteActions } from '../../src/extension/team/remoteActions';
import { TeamClient } from '../../src/extension/team/teamClient';
import { generateToken } from '../../src/server/tokens';
import { makeTempDir } from '../fakes/tempDir';
import type { CliProcess } from '../unit/server/helpers/cliProcess';
import { cli, listeningUrl, runCli, stop } from '../unit/server/helpers/cliProcess';
import { Client } from '../unit/server/helpers/harness';
import { writeLiveProject } from '../unit/server/helpers/liveProject';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

type Json = Record<string, unknown>;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

describe('team mode: two publishers and a hub on one PostgreSQL', function () {
  this.timeout(120_000);
  let pg: TestPostgres;
  let tmp: ReturnType<typeof makeTempDir>;
  const procs: CliProcess[] = [];
  const clients: Client[] = [];
  const teamClients: TeamClient[] = [];
  const token = generateToken();
  let env: NodeJS.ProcessEnv;
  let hubUrl: string;
  const dirs = { alpha: '', beta: '' };

  const get = async (p: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${hubUrl}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const post = async (p: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${hubUrl}${p}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const keyOf = async (machine: string): Promise<string> => until(`${machine}'s project at the hub`, async () => {
    const projects = (await get('/api/projects')).body.projects as Json[] | undefined;
    return projects?.find(p => String(p.path).startsWith(`${machine}:`))?.id as string | undefined;
  });

  before(async () => {
    pg = await startPostgres();
    tmp = makeTempDir('loki-team-');
    for (const [machine, member] of [['alpha', 'ui'], ['beta', 'api']] as const) {
      const dir = path.join(tmp.dir, 'myapp', member);
      mkdirSync(dir, { recursive: true });
      writeLiveProject(dir);
      writeFileSync(path.join(dir, '.loki', 'app.json'), '{"schema_version":1,"app_id":"myapp"}');
      dirs[machine] = dir;
    }
    env = {
      LOKI_DASHBOARD_TOKEN: token, XDG_CONFIG_HOME: path.join(tmp.dir, 'config'), LOKI_DASHBOARD_HOME: path.join(tmp.dir, 'home'),
      LOKI_TEAM_HEARTBEAT_MS: '300', LOKI_TEAM_OFFLINE_MS: '1500', LOKI_TEAM_COMMAND_TIMEOUT_MS: '8000',
      LOKI_TEAM_LOG_LINES: '40',
    };
    // Hub first: it must learn of the publishers through NOTIFY, not from a read at start.
    const hub = cli(['serve', '--hub', '--db', pg.url, '--port', '0'], env);
    procs.push(hub);
    hubUrl = await listeningUrl(hub);
    for (const machine of ['alpha', 'beta'] as const) {
      const p = cli(['serve', dirs[machine], '--db', pg.url, '--machine', machine, '--port', '0'], env);
      procs.push(p);
      await listeningUrl(p);
    }
  });

  after(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    for (const c of teamClients.splice(0)) c.dispose();
    for (const p of procs.splice(0)) await stop(p);
    tmp?.cleanup();
    await pg?.stop();
  });

  it('shows both machines\' projects at the hub, grouped into one app', async () => {
    const a = await keyOf('alpha');
    const b = await keyOf('beta');
    assert.notEqual(a, b);
    const snap = (await get(`/api/projects/${a}`)).body;
    assert.deepEqual(((snap.columns as Json).pending as Json[]).map(t => t.id).sort(), ['prd-001', 'prd-002']);
    const apps = await until('the app at the hub', async () => ((await get('/api/apps')).body.apps as Json[]).find(x => x.appId === 'myapp' && (x.projectIds as string[]).length === 2));
    assert.deepEqual((apps.projectIds as string[]).sort(), [a, b].sort());
  });

  it('keeps each publisher\'s store (sessions, tasks, logs) in PostgreSQL under its machine name', async () => {
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    try {
      const counts = await until('both publishers\' stored tasks', async () => {
        const rows = (await db.query<{ machine: string; n: string }>('SELECT machine, count(*) AS n FROM loki_store_tasks GROUP BY machine ORDER BY machine')).rows;
        return rows.length === 2 ? rows : undefined;
      });
      assert.deepEqual(counts.map(r => [r.machine, Number(r.n) > 0]), [['alpha', true], ['beta', true]]);
      const projects = (await db.query<{ machine: string; path: string }>('SELECT machine, path FROM loki_store_projects ORDER BY machine')).rows;
      assert.deepEqual(projects.map(p => [p.machine, p.path]), [['alpha', dirs.alpha], ['beta', dirs.beta]]);
    } finally {
      await db.end();
    }
  });

  it('delivers a write on either publisher to a WebSocket client of the hub (latency p50/p99 printed)', async () => {
    const keys = { alpha: await keyOf('alpha'), beta: await keyOf('beta') };
    const c = new Client(new WebSocket(`${hubUrl.replace('http', 'ws')}/ws?token=${token}`));
    clients.push(c);
    await c.opened;
    c.send({ type: 'subscribe', channels: ['*'] });
    await c.nextOfType('subscribed');
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (const machine of ['alpha', 'beta'] as const) {
        const file = path.join(dirs[machine], '.loki', 'queue', 'pending.json');
        const tasks = JSON.parse(readFileSync(file, 'utf8')) as Json[];
        const id = `team-${machine}-${i}`;
        tasks.push({ id, title: `Task ${i} on ${machine}`, priority: 'medium', status: 'pending', source: 'prd' });
        const t0 = Date.now();
        writeFileSync(file, JSON.stringify(tasks));
        const m = await c.next(x => x.type === 'task:created' && ((x.data as Json).task as Json).id === id);
        latencies.push(Date.now() - t0);
        assert.equal((m.data as Json).projectId, keys[machine]);
      }
    }
    console.log(`      file write on a publisher -> hub WebSocket event: p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms (n=${latencies.length})`);
  });

  it('sends control from the hub to the publisher that owns the project', async () => {
    const a = await keyOf('alpha');
    const res = await post(`/api/sessions/${a}/pause`);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.ok(existsSync(path.join(dirs.alpha, '.loki', 'PAUSE')), 'alpha got PAUSE when the hub answered');
    assert.ok(!existsSync(path.join(dirs.beta, '.loki', 'PAUSE')), 'beta did not');
    const added = await post('/api/tasks', { project: a, title: 'From the hub', priority: 'high' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const pending = JSON.parse(readFileSync(path.join(dirs.alpha, '.loki', 'queue', 'pending.json'), 'utf8')) as Json[];
    assert.ok(pending.some(t => t.id === added.body.id && t.title === 'From the hub'));
    const runner = await fetch(`${hubUrl}/api/tasks/iteration-1/move`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ project: a, to: 'completed' }) });
    assert.equal(runner.status, 404, 'an unknown task is reported by the publisher');
  });

  it('VS Code\'s Team client offers control only with a control-scope token, and its requests reach the owning publisher', async () => {
    const a = await keyOf('alpha');
    const ctl = new TeamClient(hubUrl, token, nullLogger);
    teamClients.push(ctl);
    await ctl.connect();
    assert.equal(ctl.canControl(), true);
    const snap = ctl.projects().find(p => p.project.id === a)!;
    assert.ok(remoteActions(snap, true).includes('addTask'));
    const added = await ctl.send(a, 'addTask', { title: 'From VS Code through the hub' }) as Json;
    const pending = JSON.parse(readFileSync(path.join(dirs.alpha, '.loki', 'queue', 'pending.json'), 'utf8')) as Json[];
    assert.ok(pending.some(t => t.id === added.id && t.title === 'From VS Code through the hub'));

    const created = await runCli(['token', 'create', '--scope', 'read', '--name', 'viewer'], env);
    const readToken = /loki_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
    assert.ok(readToken, created.stdout + created.stderr);
    const viewer = await until('the hub to accept the new read token', async () => {
      const c = new TeamClient(hubUrl, readToken, nullLogger);
      teamClients.push(c);
      return c.connect().then(() => c, () => undefined);
    });
    assert.equal(viewer.canControl(), false);
    assert.deepEqual(remoteActions(viewer.projects().find(p => p.project.id === a)!, viewer.canControl()), []);
    await assert.rejects(viewer.send(a, 'pause'), /HTTP 403/);
  });

  it('mirrors a publisher\'s log lines to the hub: live WebSocket events (latency printed), REST pages, the level filter, retention', async () => {
    const a = await keyOf('alpha');
    const c = new Client(new WebSocket(`${hubUrl.replace('http', 'ws')}/ws?token=${token}`));
    clients.push(c);
    await c.opened;
    c.send({ type: 'subscribe', channels: [`logs:${a}`] });
    await c.nextOfType('subscribed');
    const logFile = path.join(dirs.alpha, '.loki', 'logs', 'run.log');
    mkdirSync(path.dirname(logFile), { recursive: true });
    const lineAt = (message: string): Promise<Json> => c.next(m => m.type === 'log:entry' && ((m.data as Json).entry as Json).message === message);
    type Page = { entries: Json[]; next: string | null };
    const page = async (q: string): Promise<Page> => {
      const res = await get(`/api/logs?project=${a}${q}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as unknown as Page;
    };

    appendFileSync(logFile, 'hello from alpha\n');
    const live = await lineAt('hello from alpha');
    assert.equal(live.channel, `logs:${a}`);
    assert.equal((live.data as Json).projectId, a);
    assert.equal((await page('&limit=1')).entries[0]?.message, 'hello from alpha', 'REST has the line once the event went out');

    const latencies: number[] = [];
    for (let i = 1; i <= 20; i++) {
      const t0 = Date.now();
      appendFileSync(logFile, `timed ${i}\n`);
      await lineAt(`timed ${i}`);
      latencies.push(Date.now() - t0);
    }
    console.log(`      log line appended on a publisher -> hub WebSocket log:entry: p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms (n=${latencies.length})`);

    appendFileSync(logFile, Array.from({ length: 30 }, (_, i) => (i % 10 === 9 ? `[ERROR] step ${i + 1} broke` : `step ${i + 1}`)).join('\n') + '\n');
    await lineAt('[ERROR] step 30 broke');
    const first = await page('&limit=10');
    assert.deepEqual(first.entries.map(e => e.message).slice(-2), ['step 29', '[ERROR] step 30 broke']);
    assert.equal(first.entries.length, 10);
    assert.equal(first.next, String(first.entries[0]!.seq));
    const second = await page(`&limit=10&before=${first.next}`);
    assert.equal(second.entries.length, 10);
    assert.deepEqual(second.entries.map(e => e.message).slice(-1), ['[ERROR] step 20 broke']);
    assert.ok(second.entries.every(e => Number(e.seq) < Number(first.next)), 'the older page holds only older lines');
    const errors = await page('&level=error');
    assert.deepEqual(errors.entries.map(e => e.message), ['[ERROR] step 10 broke', '[ERROR] step 20 broke', '[ERROR] step 30 broke']);
    assert.equal(errors.next, null);

    // LOKI_TEAM_LOG_LINES=40: the publisher trims the table and the hub's tail holds the same newest 40.
    appendFileSync(logFile, Array.from({ length: 60 }, (_, i) => `bulk ${i + 1}`).join('\n') + '\n');
    await lineAt('bulk 60');
    const all = await page('&limit=1000');
    assert.equal(all.entries.length, 40);
    assert.equal(all.entries[0]!.message, 'bulk 21');
    assert.equal(all.entries.at(-1)!.message, 'bulk 60');
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    try {
      const rows = (await db.query<{ n: string; oldest: string }>('SELECT count(*) AS n, min(seq) AS oldest FROM loki_team_logs WHERE key = $1', [a])).rows[0]!;
      assert.equal(Number(rows.n), 40);
      assert.equal(rows.oldest, String(all.entries[0]!.seq));
    } finally {
      await db.end();
    }
  });

  it('serves the publishers\' session history, and a hub started later loads the log tail and history from the database', async () => {
    const a = await keyOf('alpha');
    const current = ((await get(`/api/projects/${a}`)).body.session as Json).id;
    const sessions = await until('alpha\'s sessions at the hub', async () => ((await get(`/api/sessions?project=${a}`)).body.sessions as Json[]).filter(s => s.projectId === a));
    assert.deepEqual(sessions.map(s => s.id), [current], 'the current session, under the id the hub gives it in the snapshot');
    const logs = (await get(`/api/logs?project=${a}&limit=1000`)).body.entries as Json[];
    assert.ok(logs.length > 0);

    const late = cli(['serve', '--hub', '--db', pg.url, '--port', '0'], env);
    procs.push(late);
    const lateUrl = await listeningUrl(late);
    const lateGet = async (p: string): Promise<Json> => (await (await fetch(`${lateUrl}${p}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as Json;
    assert.deepEqual((await lateGet(`/api/logs?project=${a}&limit=1000`)).entries, logs);
    assert.deepEqual(((await lateGet(`/api/sessions?project=${a}`)).sessions as Json[]).map(s => s.id), [current]);
  });

  it('keeps a killed publisher\'s projects, shown offline, and fails its control requests clearly', async () => {
    const b = await keyOf('beta');
    const beta = procs[2]!;
    beta.child.kill('SIGKILL');
    await beta.done;
    const snap = await until('beta offline at the hub', async () => {
      const s = (await get(`/api/projects/${b}`)).body;
      return (s.problems as Json[] | undefined)?.some(p => /offline/.test(String(p.message))) ? s : undefined;
    });
    assert.equal((snap.session as Json).alive, false);
    assert.ok(((await get('/api/projects')).body.projects as Json[]).some(p => p.id === b), 'still listed');
    const t0 = Date.now();
    const res = await post(`/api/sessions/${b}/pause`);
    assert.equal(res.status, 503);
    assert.equal((res.body.error as Json).code, 'publisher_offline');
    assert.ok(Date.now() - t0 < 2000, 'fails at once, no hang');

    // Restarted, it sends the lines its first read found (written while it was down) along with its first publish.
    const logFile = path.join(dirs.beta, '.loki', 'logs', 'run.log');
    mkdirSync(path.dirname(logFile), { recursive: true });
    appendFileSync(logFile, 'written while beta was down\n');
    const again = cli(['serve', dirs.beta, '--db', pg.url, '--machine', 'beta', '--port', '0'], env);
    procs.push(again);
    await listeningUrl(again);
    await until('beta\'s earlier line at the hub', async () => ((await get(`/api/logs?project=${b}`)).body.entries as Json[]).some(e => e.message === 'written while beta was down'));
  });
});
