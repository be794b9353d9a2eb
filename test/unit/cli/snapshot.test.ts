import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killFixturePids } from '../../fakes/deadPids';
import { REPO, runCli } from './cliHarness';
import { COLUMNS } from './snapshotShape';
import type { ExpectedTree, SnapshotJson } from './snapshotShape';

const FIXTURE = path.join(REPO, 'test/fixtures/loki-runs/claude-todo');

describe('loki-dashboard snapshot', function () {
  this.timeout(60_000);
  let tmp: string;
  let project: string;
  const home = (): Record<string, string> => ({ LOKI_DASHBOARD_HOME: path.join(tmp, 'home') });

  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-cli-snap-'));
    project = path.join(tmp, 'proj');
    await fs.cp(path.join(FIXTURE, 'final'), project, { recursive: true });
    // "no live runner" must not depend on which process holds the runner's old pid on this machine.
    await killFixturePids(path.join(project, '.loki'));
  });
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('prints the documented JSON for a real finished run, columns as expected.json says', async () => {
    const res = await runCli(['snapshot', project, '--json'], home());
    assert.equal(res.code, 0, res.stderr);
    const snap = JSON.parse(res.stdout) as SnapshotJson;
    assert.deepEqual(Object.keys(snap).sort(), ['agents', 'columns', 'hasLoki', 'learnings', 'problems', 'project', 'session']);
    assert.deepEqual(snap.project, { name: 'proj', path: project });
    for (const key of ['status', 'phase', 'iteration', 'provider', 'alive', 'startedAt', 'tokens', 'costUsd', 'budget']) assert.ok(key in snap.session, `session.${key}`);
    const expected = (JSON.parse(await fs.readFile(path.join(FIXTURE, 'expected.json'), 'utf8')) as Record<string, ExpectedTree>).final!;
    for (const col of COLUMNS) {
      assert.deepEqual(snap.columns[col].map(t => t.id).sort(), [...expected.columns[col]].sort(), col);
    }
    assert.equal(snap.session.phase, 'COMPLETED');
    assert.equal(snap.session.iteration, 4);
    assert.equal(snap.session.alive, false);
    const task = snap.columns.completed.find(t => t.id === 'prd-001')!;
    for (const key of ['id', 'title', 'status', 'priority', 'source', 'readOnly']) assert.ok(key in task, `task.${key}`);
    assert.equal(task.readOnly, false);
    assert.ok(!('raw' in task));
    assert.equal(snap.columns.completed.find(t => t.id === 'iteration-1')?.readOnly, true);
    assert.equal(typeof snap.learnings, 'number');
    assert.deepEqual(snap.problems, []);
  });

  it('prints a readable summary without --json', async () => {
    const res = await runCli(['snapshot', project], home());
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^proj {2}/);
    assert.match(res.stdout, /Session: completed · phase COMPLETED · iteration 4 · claude · no live runner/);
    assert.match(res.stdout, /Completed \(9\)\n {2}- prd-001 /);
    assert.match(res.stdout, /In progress \(1\)\n {2}- todo-0 {2}Write README\/USAGE and verify {2}\[medium, todo, read-only\]/);
    assert.match(res.stdout, /Problems \(0\)/);
  });

  it('exits 0 and lists malformed files under problems, keeping everything else', async () => {
    await fs.writeFile(path.join(project, '.loki/queue/failed.json'), 'this is not json');
    await fs.writeFile(path.join(project, '.loki/autonomy-state.json'), '{"iterationCount": "lots", ');
    const res = await runCli(['snapshot', project, '--json'], home());
    assert.equal(res.code, 0, res.stderr);
    const snap = JSON.parse(res.stdout) as { problems: Array<{ file: string; message: string }>; columns: Record<string, unknown[]> };
    const files = snap.problems.map(p => p.file);
    assert.ok(files.some(f => f.endsWith('queue/failed.json')), JSON.stringify(snap.problems));
    assert.ok(snap.problems.every(p => typeof p.message === 'string' && p.message.length > 0));
    assert.equal(snap.columns.completed?.length, 9);
  });

  it('reports a folder without .loki as such', async () => {
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty);
    const res = await runCli(['snapshot', empty, '--json'], home());
    assert.equal(res.code, 0, res.stderr);
    assert.equal((JSON.parse(res.stdout) as SnapshotJson).hasLoki, false);
  });

  it('exits 2 with a clear message when the folder does not exist', async () => {
    const res = await runCli(['snapshot', path.join(tmp, 'nope')], home());
    assert.equal(res.code, 2);
    assert.match(res.stderr, /does not exist/);
    assert.equal(res.stdout, '');
  });
});

describe('loki-dashboard usage', function () {
  this.timeout(60_000);

  it('prints usage for --help (exit 0) and for an unknown command or option (exit 2)', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: loki-dashboard <command>/);
    for (const name of ['snapshot', 'watch', 'simulate']) assert.match(help.stdout, new RegExp(`\\n  ${name} `));
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'[\s\S]*Usage:/);
    const badOption = await runCli(['snapshot', '.', '--bogus']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /bogus/);
    const none = await runCli([]);
    assert.equal(none.code, 2);
    const badSpeed = await runCli(['simulate', os.tmpdir(), '--speed', 'fast']);
    assert.equal(badSpeed.code, 2);
    assert.match(badSpeed.stderr, /--speed must be a positive number/);
  });
});
