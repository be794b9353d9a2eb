// The checkpoint REST routes over a real server, a real simulated git repository and the real CheckpointService.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { CheckpointService } from '../../../src/core/checkpoints/checkpointService';
import { nullLogger } from '../../../src/core/logger';
import type { ProjectInfo } from '../../../src/core/domain';
import { ApiError } from '../../../src/server/httpUtil';
import { FakeSource, makeSnapshot } from '../server/helpers/fakeSource';
import type { Running } from '../server/helpers/harness';
import { api, startServer } from '../server/helpers/harness';
import { copyProject, g, git, session, simulatedRepo } from './gitRun';

type Json = Record<string, unknown>;

describe('checkpoint REST routes', function () {
  this.timeout(60_000);
  let sim: { root: string; dir: string };
  let t: { root: string; project: ProjectInfo };
  let source: FakeSource;
  let run: Running;
  let refusal: ApiError | null;

  before(async () => { sim = await simulatedRepo(3); });
  after(async () => { await fs.rm(sim.root, { recursive: true, force: true }); });
  beforeEach(async () => {
    t = await copyProject(sim.dir);
    const snap = makeSnapshot('p1');
    snap.project = { ...t.project, id: 'p1' };
    snap.session = { ...snap.session, ...session('completed', false), projectId: 'p1' };
    source = new FakeSource(snap);
    refusal = null;
    const service = new CheckpointService({ git, log: nullLogger, session: id => source.snapshot(id)?.session });
    run = await startServer(source, { checkpoints: { service, rollbackRefusal: () => refusal } });
  });
  afterEach(async () => {
    await run.server.close();
    await fs.rm(t.root, { recursive: true, force: true });
  });

  const json = async (res: Response): Promise<{ status: number; body: Json }> => ({ status: res.status, body: (await res.json()) as Json });
  const rollback = (id: string, token: string, body: Json = {}): Promise<{ status: number; body: Json }> =>
    api(run.server.url, `/api/checkpoints/${id}/rollback`, token, { method: 'POST', body: JSON.stringify(body) }).then(json);

  it('lists checkpoints with git facts, and one checkpoint with the files changed since', async () => {
    const list = await json(await api(run.server.url, '/api/checkpoints?project=p1&facts=true', run.read));
    assert.equal(list.status, 200);
    const cps = list.body.checkpoints as Json[];
    assert.deepEqual(cps.map(c => c.iteration), [3, 3, 2, 1]);
    assert.ok(cps.every(c => c.projectId === 'p1' && c.commitExists === true));
    const first = cps[3]!;
    const one = await json(await api(run.server.url, `/api/checkpoints/${String(first.id)}`, run.read));
    assert.equal(one.status, 200);
    assert.equal(one.body.commitsAfter, 2);
    assert.ok((one.body.files as Json[]).some(f => f.status === 'added'));
    assert.equal((await api(run.server.url, '/api/checkpoints/cp-9-1', run.read)).status, 404);
    assert.equal((await api(run.server.url, '/api/checkpoints?project=nope', run.read)).status, 404);
  });

  it('rolls back with a control token only, refuses while running, and honours the host refusal', async () => {
    const cps = (await json(await api(run.server.url, '/api/checkpoints', run.read))).body.checkpoints as Json[];
    const id = String(cps[3]!.id);
    assert.equal((await rollback(id, run.read)).status, 403, 'a read token cannot roll back');

    const snap = source.snapshot('p1')!;
    snap.session = { ...snap.session, ...session('running', true), projectId: 'p1' };
    const busy = await rollback(id, run.control);
    assert.equal(busy.status, 409);
    assert.equal((busy.body.error as Json).code, 'busy');

    snap.session = { ...snap.session, ...session('completed', false), projectId: 'p1' };
    refusal = new ApiError(403, 'untrusted', 'the workspace is not trusted');
    assert.equal((await rollback(id, run.control)).status, 403);
    refusal = null;

    assert.equal((await rollback(id, run.control, { expectCommitsAfter: 0 })).status, 409, 'the reviewed commit count no longer matches');
    const ok = await rollback(id, run.control, { project: 'p1', expectCommitsAfter: 2 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.checkpointId, id);
    assert.equal((await g(t.project.path, 'rev-parse', 'HEAD')).trim(), cps[3]!.sha);
    assert.equal((await rollback(id, run.control, { expectCommitsAfter: 'x' })).status, 400);
  });
});
