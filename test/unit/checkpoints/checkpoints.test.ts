// Checkpoints against real git repositories written by the simulator (commits per iteration, runner-style checkpoints).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkpointBeforeTask, readCheckpoints } from '../../../src/core/checkpoints/checkpointList';
import { rollbackBlocker } from '../../../src/core/checkpoints/checkpointService';
import { CheckpointError } from '../../../src/core/checkpoints/git';
import type { ProjectInfo } from '../../../src/core/domain';
import { copyProject, g, service, session, simulatedRepo, treeFiles } from './gitRun';

const STATE = ['state/orchestrator.json', 'queue/pending.json', 'queue/completed.json', 'queue/in-progress.json', 'queue/current-task.json', 'CONTINUITY.md'];

async function stateFiles(dir: string, base = '.loki'): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const rel of STATE) out[rel] = await fs.readFile(path.join(dir, base, rel), 'utf8').catch(() => null);
  return out;
}

async function rejectsWith(p: Promise<unknown>, reason: CheckpointError['reason']): Promise<CheckpointError> {
  try {
    await p;
  } catch (err) {
    assert.ok(CheckpointError.is(err), `expected a CheckpointError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    return err;
  }
  assert.fail(`expected a ${reason} refusal`);
}

describe('checkpoints on a real git repository', function () {
  this.timeout(60_000);
  let sim: { root: string; dir: string };
  let t: { root: string; project: ProjectInfo };
  let dir: string;

  before(async () => { sim = await simulatedRepo(4); });
  after(async () => { await fs.rm(sim.root, { recursive: true, force: true }); });
  beforeEach(async () => { t = await copyProject(sim.dir); dir = t.project.path; });
  afterEach(async () => { await fs.rm(t.root, { recursive: true, force: true }); });

  it('lists every checkpoint newest first with the iteration, task, commit and worktree snapshot', async () => {
    const cps = await service({}).list(t.project);
    assert.deepEqual(cps.map(c => c.iteration), [4, 4, 3, 2, 1]);
    assert.deepEqual(cps.map(c => c.taskId), ['session-end', 'iteration-4', 'iteration-3', 'iteration-2-fail', 'iteration-1']);
    assert.deepEqual(cps.map(c => c.task).slice(2), ['iteration-3 complete', 'iteration-2 failed (exit=1)', 'iteration-1 complete']);
    const log = (await g(dir, 'log', '--format=%H %s')).trim().split('\n');
    for (const cp of cps.slice(1)) {
      assert.ok(cp.hasState && cp.branch === 'main');
      assert.ok(log.some(l => l.startsWith(`${cp.sha!} iteration ${cp.iteration}: `)), `${cp.id} points at the commit of iteration ${cp.iteration}`);
    }
    assert.ok(cps[2]!.snapshotSha, 'PROGRESS.md was uncommitted at iteration 3, so a snapshot was anchored');
    assert.equal((await g(dir, 'rev-parse', `refs/loki/cp/${cps[2]!.id}`)).trim(), cps[2]!.snapshotSha);
  });

  it('gives the git facts: the commit exists and how many files changed since', async () => {
    const svc = service({});
    const cps = await svc.list(t.project);
    const facts = await svc.facts(t.project, cps);
    assert.ok(facts.every(f => f.commitExists));
    assert.equal(facts[1]!.changedFiles, 0, 'nothing changed since the last iteration checkpoint');
    assert.ok((facts[4]!.changedFiles ?? 0) >= 2);
  });

  it('stays usable when the runner rewrote the index and pruned a directory', async () => {
    const before = await readCheckpoints(path.join(dir, '.loki'));
    const idx = path.join(dir, '.loki/state/checkpoints/index.jsonl');
    const lines = (await fs.readFile(idx, 'utf8')).trim().split('\n');
    await fs.writeFile(idx, `${lines.slice(-2).join('\n')}\nnot json\n{"id":"../escape","sha":"abc"}\n`);
    await fs.rm(path.join(dir, '.loki/state/checkpoints', before[4]!.id), { recursive: true });
    await fs.writeFile(path.join(dir, '.loki/state/checkpoints', before[3]!.id, 'metadata.json'), '{"id": "trunc');
    const after = await readCheckpoints(path.join(dir, '.loki'));
    assert.deepEqual(after.map(c => c.id), before.slice(0, 3).map(c => c.id), 'pruned dir and unreadable metadata without an index line drop out');
    assert.ok(after.every(c => c.sha && c.hasState));
    await fs.writeFile(idx, lines.join('\n') + '\n');
    const withIndex = await readCheckpoints(path.join(dir, '.loki'));
    const pruned = withIndex.find(c => c.id === before[4]!.id);
    assert.equal(pruned?.hasState, false, 'an index line whose directory is gone is kept, without state');
    assert.equal(pruned?.sha, before[4]!.sha);
  });

  it('lists the changes between a checkpoint and the working tree, untracked files included', async () => {
    const svc = service({});
    const cp = (await svc.list(t.project)).find(c => c.iteration === 2)!;
    await fs.writeFile(path.join(dir, 'scratch.txt'), 'mine\n');
    const { files } = await svc.changes(t.project, cp.id);
    const diff = (await g(dir, 'diff', '--name-only', cp.snapshotSha ?? cp.sha!)).trim().split('\n').filter(Boolean);
    assert.deepEqual(files.filter(f => f.status !== 'untracked').map(f => f.path).sort(), diff.sort());
    assert.ok(files.some(f => f.path === 'scratch.txt' && f.status === 'untracked'));
    assert.ok(!files.some(f => f.path.startsWith('.loki')), '.loki never shows up');
  });

  it('rolls back files and .loki state to the checkpoint, and Undo brings everything back including uncommitted edits', async () => {
    const svc = service({});
    const cp = (await svc.list(t.project)).find(c => c.iteration === 2)!;
    // The user's uncommitted work: an edit, a staged new file, an untracked file.
    await fs.appendFile(path.join(dir, 'README.md'), 'my unsaved notes\n');
    await fs.writeFile(path.join(dir, 'staged.txt'), 'staged\n');
    await g(dir, 'add', 'staged.txt');
    await fs.writeFile(path.join(dir, 'scratch.txt'), 'scratch\n');
    const headBefore = (await g(dir, 'rev-parse', 'HEAD')).trim();
    const filesBefore = await treeFiles(dir);
    const stateBefore = await stateFiles(dir);
    const statusBefore = await g(dir, 'status', '--porcelain');

    const plan = await svc.plan(t.project, cp.id);
    assert.equal(plan.commitsAfterCount, 2);
    assert.ok(plan.dirty);
    assert.ok(plan.files.some(f => f.path === 'README.md'));
    const result = await svc.rollback(t.project, cp.id, { commitsAfter: plan.commitsAfterCount });
    assert.equal(result.stateFilesRestored.length, STATE.length);

    assert.equal((await g(dir, 'rev-parse', 'HEAD')).trim(), cp.sha);
    const { files: left } = await svc.changes(t.project, cp.id);
    assert.deepEqual(left.map(f => `${f.status} ${f.path}`), ['untracked scratch.txt'], 'tracked files equal the checkpoint; the untracked file is kept');
    assert.deepEqual(await stateFiles(dir), await stateFiles(path.join(dir, '.loki/state/checkpoints', cp.id), '.'));
    assert.equal(await fs.readFile(path.join(dir, 'staged.txt'), 'utf8').catch(() => null), null, 'a staged new file is not part of the checkpoint');

    assert.equal((await svc.lastRollback(t.project))?.id, result.restorePoint.id);
    await svc.undo(t.project);
    assert.equal((await g(dir, 'rev-parse', 'HEAD')).trim(), headBefore);
    assert.deepEqual(await treeFiles(dir), filesBefore, 'every file back, the uncommitted edit included');
    assert.deepEqual(await stateFiles(dir), stateBefore);
    assert.equal(await g(dir, 'status', '--porcelain'), statusBefore, 'staged, modified and untracked exactly as before');
    assert.equal(await svc.lastRollback(t.project), null, 'the undone rollback is not offered again');
  });

  it('restores the uncommitted snapshot of a checkpoint as uncommitted changes', async () => {
    const svc = service({});
    const cp = (await svc.list(t.project)).find(c => c.iteration === 3 && c.snapshotSha)!;
    await svc.rollback(t.project, cp.id);
    assert.equal((await g(dir, 'rev-parse', 'HEAD')).trim(), cp.sha);
    assert.equal(await g(dir, 'diff', '--name-only', cp.snapshotSha!), '', 'the working tree equals the snapshot');
    assert.match(await g(dir, 'status', '--porcelain'), /^ M PROGRESS\.md$/m, 'the snapshot comes back as an uncommitted change');
  });

  it('refuses while a session is running, and leaves everything untouched', async () => {
    const state: { session?: ReturnType<typeof session> } = { session: session('running', true) };
    const svc = service(state);
    const cp = (await svc.list(t.project))[3]!;
    const head = await g(dir, 'rev-parse', 'HEAD');
    const files = await treeFiles(dir);
    await rejectsWith(svc.plan(t.project, cp.id), 'busy');
    await rejectsWith(svc.rollback(t.project, cp.id), 'busy');
    await rejectsWith(svc.undo(t.project), 'busy');
    state.session = session('running', true, true);
    assert.match((await rejectsWith(svc.rollback(t.project, cp.id), 'busy')).message, /not reached the end of its iteration/);
    assert.equal(await g(dir, 'rev-parse', 'HEAD'), head);
    assert.deepEqual(await treeFiles(dir), files);
    state.session = session('paused', true, true);
    await svc.rollback(t.project, cp.id);
    assert.equal((await g(dir, 'rev-parse', 'HEAD')).trim(), cp.sha, 'a paused runner (at an iteration boundary) allows it');
  });

  it('refuses a checkpoint of another branch, an unknown id and a changed repository', async () => {
    const svc = service({});
    const cp = (await svc.list(t.project))[3]!;
    await g(dir, 'checkout', '-q', '-b', 'other');
    await rejectsWith(svc.rollback(t.project, cp.id), 'conflict');
    await g(dir, 'checkout', '-q', 'main');
    await rejectsWith(svc.rollback(t.project, 'cp-99-1'), 'not-found');
    await rejectsWith(svc.rollback(t.project, '../../etc'), 'invalid');
    await rejectsWith(svc.rollback(t.project, cp.id, { commitsAfter: 1 }), 'conflict');
    await rejectsWith(svc.undo(t.project), 'not-found');
  });

  it('picks the checkpoint taken before a task started', async () => {
    const cps = await service({}).list(t.project);
    assert.equal(checkpointBeforeTask(cps, { id: 'iteration-3' })?.taskId, 'iteration-2-fail');
    assert.equal(checkpointBeforeTask(cps, { id: 'iteration-1' }), null, 'nothing before the first iteration');
    assert.equal(checkpointBeforeTask(cps, { id: 'prd-7', iteration: 4 })?.iteration, 3);
    assert.equal(checkpointBeforeTask(cps, { id: 'prd-8', startedAt: cps[2]!.timestamp! })?.iteration !== undefined, true);
  });
});

describe('rollbackBlocker', () => {
  it('allows idle, ended and paused sessions and refuses working ones', () => {
    assert.equal(rollbackBlocker(undefined), null);
    assert.equal(rollbackBlocker(session('completed', false)), null);
    assert.equal(rollbackBlocker(session('paused', true, true)), null);
    assert.ok(rollbackBlocker(session('running', true)));
    assert.ok(rollbackBlocker(session('idle', true)), 'a live runner counts even before its status file says so');
    assert.ok(rollbackBlocker(session('stopping', false)));
  });
});
