// The store contract: one suite every engine must pass. `npm test` runs it on sql.js
// (test/unit/store/storeContract.test.ts), `npm run test:pg` on PostgreSQL (test/pg/storeContract.test.ts).
import assert from 'node:assert/strict';
import type { LogEntry, TaskStatus } from '../../src/core/domain';
import type { StoreApi } from '../../src/core/store/storeApi';
import { makeAgent, makeLearning, makeSession, makeTask } from '../fakes/domain';

/** How the suite opens stores of one engine. */
export interface StoreEngine {
  name: string;
  /** Called before each test: a fresh, empty place for stores (a folder, a database). */
  fresh(): Promise<void>;
  /** Opens a store of `machine` in the current place; a later open of the same machine must see what an earlier one closed with. */
  open(opts: { machine: string; now?: () => number; logRetention?: number }): Promise<StoreApi>;
  /** Called after each test, after every store was closed. */
  cleanup(): Promise<void>;
}

const P = 'p00000000001';
const Q = 'p00000000002';
const COUNTS: Record<TaskStatus, number> = { pending: 1, in_progress: 0, review: 0, completed: 1, failed: 0 };
const log = (projectId: string, seq: number, level: LogEntry['level'] = 'info', message = `line ${seq}`): LogEntry =>
  ({ projectId, seq, timestamp: null, level, source: 'logs/agent.log', message });
const ticking = (): (() => number) => { let t = 1000; return () => ++t; };

/** Everything a store answers about a project, for before/after comparisons. */
function dump(s: StoreApi, projectId: string): unknown {
  return {
    projects: s.listProjects(),
    sessions: s.listSessions(projectId),
    perSession: s.listSessions(projectId).map(x => [x.id, s.listTasks(projectId, x.id), s.listAgents(projectId, x.id)]),
    latestTasks: s.listTasks(projectId),
    moves: s.taskMoves(projectId, 'prd-001'),
    agents: s.listAgents(projectId),
    logs: s.logs(projectId, { limit: 100_000 }),
    maxSeq: s.maxLogSeq(projectId),
    learnings: s.listLearnings(),
    events: s.listEvents(projectId, 100_000),
  };
}

/** Writes a bit of everything, two sessions, a replaced learning and a removed task. */
function fill(s: StoreApi, projectId: string, tag: string): void {
  const first = makeSession(projectId, { id: `${projectId}:2026-08-20T10:00:00Z`, status: 'completed', costUsd: 1.5 });
  const second = makeSession(projectId, { id: `${projectId}:2026-08-21T10:00:00Z`, phase: 'BUILDING' });
  s.upsertProject({ id: projectId, name: `proj-${tag}`, path: `/home/${tag}/proj`, registered: true, lastSeenAt: 5 });
  s.upsertSession(first, COUNTS);
  s.upsertTasks(projectId, first.id, [makeTask('prd-001', 'completed', { title: `done by ${tag}` }), makeTask('prd-002', 'pending')]);
  s.upsertSession(second, COUNTS);
  s.upsertTasks(projectId, second.id, [makeTask('prd-001', 'in_progress', { title: `again by ${tag}` }), makeTask('prd-003', 'review')]);
  s.removeTasks(projectId, ['prd-003'], second.id);
  s.recordMove({ projectId, taskId: 'prd-001', from: 'pending', to: 'in_progress', at: 1, by: 'runner' });
  s.recordMove({ projectId, taskId: 'prd-001', from: 'in_progress', to: 'completed', at: 2, by: 'user' });
  s.upsertAgents([makeAgent(projectId, first.id, 'toolu_1', { status: 'completed' }), makeAgent(projectId, second.id, 'toolu_2')]);
  s.appendLogs([log(projectId, 1), log(projectId, 2, 'warn', `careful ${tag}`), log(projectId, 3, 'error', 'boom 100%_done')]);
  s.upsertLearnings([makeLearning(`l-${tag}`, projectId, `Use atomic renames (${tag})`), makeLearning('g1', null, 'Global tip')]);
  s.upsertLearnings([makeLearning(`l-${tag}`, projectId, `Use atomic renames, always (${tag})`)]);
  s.appendEvents(projectId, [{ timestamp: '2026-08-20T14:29:00Z', type: 'iteration_start', source: 'run.sh', data: { iteration: 1, by: tag } }]);
}

/** Registers the contract suite for one engine. */
export function storeContract(engine: StoreEngine): void {
  describe(`store contract (${engine.name})`, function () {
    this.timeout(60_000);
    const opened: StoreApi[] = [];
    const open = async (opts: Parameters<StoreEngine['open']>[0]): Promise<StoreApi> => {
      const s = await engine.open(opts);
      opened.push(s);
      return s;
    };
    beforeEach(() => engine.fresh());
    afterEach(async () => {
      await Promise.allSettled(opened.splice(0).map(s => s.close()));
      await engine.cleanup();
    });

    it('answers reads from what was written, at once', async () => {
      const s = await open({ machine: 'alpha', now: ticking() });
      fill(s, P, 'alpha');
      assert.deepEqual(s.listProjects().map(p => [p.id, p.name, p.registered]), [[P, 'proj-alpha', true]]);
      assert.deepEqual(s.listSessions(P).map(x => x.id), [`${P}:2026-08-21T10:00:00Z`, `${P}:2026-08-20T10:00:00Z`]);
      assert.deepEqual(s.listSessions(P)[1]?.taskCounts, COUNTS);
      assert.deepEqual(s.listTasks(P, `${P}:2026-08-21T10:00:00Z`).map(t => t.id), ['prd-001']);
      assert.deepEqual(s.listTasks(P).map(t => [t.id, t.status]).sort(), [['prd-001', 'in_progress'], ['prd-002', 'pending']]);
      assert.deepEqual(s.taskMoves(P, 'prd-001').map(m => m.by), ['runner', 'user']);
      assert.deepEqual(s.listAgents(P).map(a => a.id), ['toolu_1', 'toolu_2']);
      assert.deepEqual(s.logs(P, { level: 'warn' }).map(l => l.seq), [2, 3]);
      assert.deepEqual(s.logs(P, { text: '100%_' }).map(l => l.seq), [3]);
      assert.deepEqual(s.logs(P, { beforeSeq: 3, limit: 1 }).map(l => l.seq), [2]);
      assert.equal(s.maxLogSeq(P), 3);
      assert.deepEqual(s.listLearnings(P, 'always').map(l => l.id), ['l-alpha']);
      assert.deepEqual(s.listLearnings(null).map(l => l.id), ['g1']);
      assert.deepEqual(s.listEvents(P).map(e => e.data), [{ iteration: 1, by: 'alpha' }]);
      s.removeSession(`${P}:2026-08-21T10:00:00Z`);
      assert.deepEqual(s.listSessions(P).map(x => x.id), [`${P}:2026-08-20T10:00:00Z`]);
      assert.deepEqual(s.listAgents(P).map(a => a.id), ['toolu_1']);
      s.removeProject(P);
      assert.deepEqual(s.listProjects(), []);
    });

    it('close -> reopen: every answer is the same as before closing', async () => {
      const s1 = await open({ machine: 'alpha', now: ticking() });
      fill(s1, P, 'alpha');
      s1.removeSession(`${P}:does-not-exist`);
      const before = dump(s1, P);
      await s1.close();
      const s2 = await open({ machine: 'alpha' });
      assert.deepEqual(dump(s2, P), before);
      assert.equal(s2.persistent, true);
      // And what the reopened store writes survives the next reopen too.
      s2.appendLogs([log(P, 4)]);
      s2.removeProject(P);
      await s2.close();
      const s3 = await open({ machine: 'alpha' });
      assert.equal(s3.maxLogSeq(P), 4);
      assert.deepEqual(s3.listProjects(), []);
    });

    it('flush() makes writes durable without closing; close() is idempotent and later writes are ignored', async () => {
      const s1 = await open({ machine: 'alpha' });
      s1.upsertProject({ id: P, name: 'one', path: '/one', registered: false, lastSeenAt: 1 });
      await s1.flush();
      await Promise.all([s1.close(), s1.close()]);
      s1.upsertProject({ id: Q, name: 'late', path: '/late', registered: false, lastSeenAt: 1 });
      const s2 = await open({ machine: 'alpha' });
      assert.deepEqual(s2.listProjects().map(p => p.name), ['one']);
    });

    it('keeps the newest lines and events per project within the retention, also after a reopen', async () => {
      const s1 = await open({ machine: 'alpha', logRetention: 5 });
      for (let i = 1; i <= 12; i += 3) s1.appendLogs([log(P, i), log(P, i + 1), log(P, i + 2)]);
      s1.appendLogs([log(Q, 1)]);
      for (let i = 1; i <= 8; i++) s1.appendEvents(P, [{ timestamp: null, type: 'tick', source: null, data: { i } }]);
      const seqs = [8, 9, 10, 11, 12];
      assert.deepEqual(s1.logs(P).map(l => l.seq), seqs);
      await s1.close();
      const s2 = await open({ machine: 'alpha', logRetention: 5 });
      assert.deepEqual(s2.logs(P).map(l => l.seq), seqs);
      assert.deepEqual(s2.logs(Q).map(l => l.seq), [1]);
      assert.deepEqual(s2.listEvents(P).map(e => e.data.i), [4, 5, 6, 7, 8]);
    });

    it('two publishers with distinct machine tags write the same project id at once and never overwrite each other', async () => {
      const [a, b] = await Promise.all([open({ machine: 'alpha', now: ticking() }), open({ machine: 'beta', now: ticking() })]);
      // Interleaved writes with flushes racing each other.
      const rounds = 20;
      const flushes: Promise<void>[] = [];
      for (let i = 1; i <= rounds; i++) {
        a.appendLogs([log(P, i, 'info', `alpha ${i}`)]);
        b.appendLogs([log(P, i, 'info', `beta ${i}`)]);
        if (i % 5 === 0) flushes.push(a.flush(), b.flush());
      }
      fill(a, P, 'alpha');
      fill(b, P, 'beta');
      await Promise.all(flushes);
      const [da, db] = [dump(a, P), dump(b, P)];
      await Promise.all([a.close(), b.close()]);
      const [a2, b2] = await Promise.all([open({ machine: 'alpha' }), open({ machine: 'beta' })]);
      assert.deepEqual(dump(a2, P), da);
      assert.deepEqual(dump(b2, P), db);
      assert.deepEqual(a2.logs(P, { text: 'beta' }), []);
      assert.equal(a2.logs(P, { text: 'alpha 20' }).length, 1);
      assert.deepEqual(b2.listProjects().map(p => p.path), ['/home/beta/proj']);
    });
  });
}
