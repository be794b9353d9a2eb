// A publisher whose local log numbering starts over (its store was deleted, or a new machine took over the machine
// name) while the hub keeps running: the hub must follow the new lines at once, in order, with nothing old repeated.
// Real PostgreSQL, real sql.js store files, the real core over real files, a real TeamHub and TeamPublisher.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import type { LogEntry } from '../../src/core/domain';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { DeferredStore } from '../../src/core/store/deferredStore';
import { Store } from '../../src/core/store/store';
import { logArchivePath } from '../../src/core/store/logArchive';
import { TeamHub } from '../../src/server/team/teamHub';
import { teamTiming } from '../../src/server/team/teamKeys';
import { TeamPublisher } from '../../src/server/team/teamPublisher';
import type { DataSource } from '../../src/server/types';
import { makeTempDir } from '../fakes/tempDir';
import { waitFor } from '../fakes/waitFor';
import { writeLiveProject } from '../unit/server/helpers/liveProject';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

/** One publishing process: a store file, the core over the project folder, a pool and the publisher. */
interface Publisher { core: LokiCore; close(): Promise<void> }

describe('team hub: a publisher whose log numbering started over', function () {
  this.timeout(120_000);
  const timing = { ...teamTiming(), heartbeatMs: 200, offlineAfterMs: 2000, logLines: 50 };
  let pg: TestPostgres;
  let tmp: ReturnType<typeof makeTempDir>;
  let hubPool: Pool;
  let hub: TeamHub;
  const running: Publisher[] = [];
  /** Every log line the hub pushed, by project key, in push order. */
  const pushed = new Map<string, LogEntry[]>();

  before(async () => {
    pg = await startPostgres();
    tmp = makeTempDir('loki-team-reset-');
    hubPool = new Pool({ connectionString: pg.url, max: 4 });
    hub = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    hub.onChange(e => {
      if (e.change.kind !== 'log/entries') return;
      const list = pushed.get(e.projectId) ?? [];
      list.push(...e.change.entries);
      pushed.set(e.projectId, list);
    });
  });
  after(async () => {
    for (const p of running.splice(0)) await p.close();
    await hub?.close();
    await hubPool?.end();
    tmp?.cleanup();
    await pg?.stop();
  });

  async function startPublishing(machine: string, dir: string, storeFile: string): Promise<Publisher> {
    const store = await Store.open({ file: storeFile, log: nullLogger, saveDelayMs: 10 });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
    await core.addProject(dir);
    const pool = new Pool({ connectionString: pg.url, max: 4 });
    const publisher = await TeamPublisher.start({ pool, machine, source: core, log: nullLogger, timing });
    const p: Publisher = {
      core,
      close: async () => {
        running.splice(running.indexOf(p), 1);
        await publisher.close();
        await pool.end();
        core.dispose();
        await store.close();
      },
    };
    running.push(p);
    return p;
  }
  /** What a user does by deleting the extension's store: the database file and its log archive are gone. */
  const wipe = (storeFile: string): void => {
    for (const f of [storeFile, logArchivePath(storeFile)]) rmSync(f, { force: true });
  };
  const project = (name: string): { dir: string; log: string; storeFile: string } => {
    const dir = path.join(tmp.dir, name);
    writeLiveProject(dir);
    mkdirSync(path.join(dir, '.loki', 'logs'), { recursive: true });
    return { dir, log: path.join(dir, '.loki', 'logs', 'run.log'), storeFile: path.join(tmp.dir, `${name}.sqlite`) };
  };
  const keyAtHub = (machine: string, dir: string): Promise<string> =>
    waitFor(`${machine}'s project at the hub`, () => hub.projects().find(x => x.path === `${machine}:${dir}`)?.id);
  const messages = (es: readonly LogEntry[]): string[] => es.map(e => e.message);
  const ascending = (es: readonly LogEntry[]): boolean => es.every((e, i) => i === 0 || e.seq > es[i - 1]!.seq);
  const pushedAfter = (key: string, n: number): LogEntry[] => (pushed.get(key) ?? []).slice(n);
  const served = (key: string): LogEntry[] => hub.logs(key, { limit: 1000 });

  it('follows a machine name taken over by a fresh store with other lines: new lines pushed and served after the old ones', async () => {
    const p = project('takeover');
    writeFileSync(p.log, Array.from({ length: 10 }, (_, i) => `old ${i + 1}`).join('\n') + '\n');
    const first = await startPublishing('alpha', p.dir, p.storeFile);
    const key = await keyAtHub('alpha', p.dir);
    await waitFor('the old lines at the hub', () => served(key).some(e => e.message === 'old 10'));
    const sessionsBefore = hub.history(key).map(s => s.id);
    assert.ok(sessionsBefore.length > 0);
    await first.close();

    wipe(p.storeFile);
    writeFileSync(p.log, 'new 1\nnew 2\nnew 3\n');
    const mark = pushed.get(key)?.length ?? 0;
    const second = await startPublishing('alpha', p.dir, p.storeFile);
    await waitFor(() => `the new lines pushed (pushed: ${JSON.stringify(messages(pushedAfter(key, mark)))})`, () => pushedAfter(key, mark).some(e => e.message === 'new 3'), 10_000);
    appendFileSync(p.log, 'new 4\n');
    await waitFor('a line written after the restart pushed', () => pushedAfter(key, mark).some(e => e.message === 'new 4'), 10_000);

    const fresh = pushedAfter(key, mark);
    const localId = second.core.projects()[0]!.id;
    assert.deepEqual(second.core.logs(localId).map(e => e.seq), [1, 2, 3, 4], 'the publisher\'s own numbering started over');
    assert.deepEqual(messages(fresh), ['new 1', 'new 2', 'new 3', 'new 4'], 'each new line pushed once, in order, nothing old again');
    const all = served(key);
    assert.deepEqual(messages(all), [...Array.from({ length: 10 }, (_, i) => `old ${i + 1}`), 'new 1', 'new 2', 'new 3', 'new 4']);
    assert.ok(ascending(all), 'served in seq order');
    assert.deepEqual(all.slice(-4).map(e => e.seq), fresh.map(e => e.seq), 'served under the seqs they were pushed with');

    // Session history has no numbering to reset: the same sessions, each once.
    const sessionsAfter = hub.history(key).map(s => s.id);
    assert.equal(new Set(sessionsAfter).size, sessionsAfter.length, 'no session twice');
    assert.deepEqual([...sessionsAfter].sort(), [...sessionsBefore].sort());
  });

  it('follows a publisher whose deleted store re-read only the tail of a long log: the re-read lines are not pushed again', async () => {
    const p = project('reread');
    const line = (i: number): string => `line ${i} ${'x'.repeat(90)}`;
    writeFileSync(p.log, Array.from({ length: 10 }, (_, i) => line(i + 1)).join('\n') + '\n');
    const first = await startPublishing('beta', p.dir, p.storeFile);
    const key = await keyAtHub('beta', p.dir);
    // Appended while watched, every line is read; a fresh read later starts from the file's last 256 KiB only.
    appendFileSync(p.log, Array.from({ length: 2990 }, (_, i) => line(i + 11)).join('\n') + '\n');
    await waitFor('the last old line at the hub', () => served(key).some(e => e.message === line(3000)));
    const before = served(key);
    assert.equal(before.length, 50);
    await first.close();

    wipe(p.storeFile);
    const mark = pushed.get(key)?.length ?? 0;
    const second = await startPublishing('beta', p.dir, p.storeFile);
    appendFileSync(p.log, 'after 1\nafter 2\nafter 3\n');
    await waitFor(() => `the lines written after the restart (pushed: ${JSON.stringify(messages(pushedAfter(key, mark)))})`, () => pushedAfter(key, mark).some(e => e.message === 'after 3'), 10_000);

    assert.deepEqual(messages(pushedAfter(key, mark)), ['after 1', 'after 2', 'after 3'], 'the re-read old lines are not pushed again');
    const all = served(key);
    assert.deepEqual(messages(all), [...messages(before).slice(3), 'after 1', 'after 2', 'after 3'], 'the newest 50, each line once');
    assert.ok(ascending(all));
    const local = second.core.logs(second.core.projects()[0]!.id, { limit: 1 })[0]!;
    assert.equal(local.message, 'after 3');
    assert.ok(local.seq < before.at(-1)!.seq, `the fresh store numbers below the hub's lines (${local.seq} < ${before.at(-1)!.seq})`);
    await second.close();

    // The next ordinary restart (store kept) continues the same numbering: nothing pushed twice, new lines follow.
    const mark2 = pushed.get(key)?.length ?? 0;
    await startPublishing('beta', p.dir, p.storeFile);
    appendFileSync(p.log, 'after 4\n');
    await waitFor('a line after an ordinary restart', () => pushedAfter(key, mark2).some(e => e.message === 'after 4'), 10_000);
    assert.deepEqual(messages(pushedAfter(key, mark2)), ['after 4']);
    assert.deepEqual(messages(served(key).slice(-5)), [line(3000), 'after 1', 'after 2', 'after 3', 'after 4']);
  });

  it('waits for a store still loading (the extension) before publishing: lines written while down go out, numbering kept', async () => {
    const p = project('deferred');
    writeFileSync(p.log, 'before 1\nbefore 2\n');
    const first = await startPublishing('gamma', p.dir, p.storeFile);
    const key = await keyAtHub('gamma', p.dir);
    await waitFor('the first lines at the hub', () => served(key).some(e => e.message === 'before 2'));
    await first.close();
    appendFileSync(p.log, 'while down\n');

    // As the extension does: the core reads the files at once, the store file opens later.
    let open!: () => void;
    const opened = new Promise<void>(resolve => { open = resolve; });
    const store = new DeferredStore({ open: async () => { await opened; return Store.open({ file: p.storeFile, log: nullLogger, saveDelayMs: 10 }); }, fallback: () => Store.open({ file: null, log: nullLogger }), log: nullLogger });
    const core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
    const loading = store.start();
    await core.addProject(p.dir);
    const pool = new Pool({ connectionString: pg.url, max: 4 });
    const mark = pushed.get(key)?.length ?? 0;
    // The store opens once the publisher waits for it, or once it has started without waiting (the bug this catches).
    const source: DataSource = {
      projects: () => core.projects(), snapshot: id => core.snapshot(id), onChange: l => core.onChange(l), onProjectsChanged: l => core.onProjectsChanged(l),
      logs: (id, q) => core.logs(id, q), history: id => core.history(id), learnings: (id, t) => core.learnings(id, t),
      whenHistoryLoaded: () => { open(); return core.whenHistoryLoaded(); },
    };
    const starting = TeamPublisher.start({ pool, machine: 'gamma', source, log: nullLogger, timing });
    void starting.then(open, open);
    await loading;
    const publisher = await starting;
    running.push({ core, close: async () => { await publisher.close(); await pool.end(); core.dispose(); await store.close(); } });
    await waitFor(() => `the line written while down (pushed: ${JSON.stringify(messages(pushedAfter(key, mark)))})`, () => pushedAfter(key, mark).some(e => e.message === 'while down'), 10_000);
    const all = served(key);
    assert.deepEqual(messages(all), ['before 1', 'before 2', 'while down']);
    assert.equal(all[2]!.seq, all[1]!.seq + 1, 'the same numbering, no jump');
  });

  it('follows a project removed and added again (its rows deleted meanwhile): new lines only are pushed, the table refilled', async () => {
    const p = project('readded');
    writeFileSync(p.log, 'kept 1\nkept 2\n');
    const pub = await startPublishing('delta', p.dir, p.storeFile);
    const key = await keyAtHub('delta', p.dir);
    await waitFor('the first lines at the hub', () => served(key).some(e => e.message === 'kept 2'));
    pub.core.removeProject(pub.core.projects()[0]!.id);
    await waitFor('the project gone from the hub', () => !hub.projects().some(x => x.id === key));
    const mark = pushed.get(key)?.length ?? 0;
    await pub.core.addProject(p.dir);
    await keyAtHub('delta', p.dir);
    appendFileSync(p.log, 'again 1\n');
    await waitFor('the new line pushed', () => pushedAfter(key, mark).some(e => e.message === 'again 1'), 10_000);
    assert.deepEqual(messages(pushedAfter(key, mark)), ['again 1']);
    assert.deepEqual(messages(served(key)), ['kept 1', 'kept 2', 'again 1']);
    // A hub started now reads the same lines from the table.
    const late = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    try {
      assert.deepEqual(late.logs(key, { limit: 1000 }), served(key));
    } finally {
      await late.close();
    }
  });
});
