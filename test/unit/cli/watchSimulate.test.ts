import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSimulation } from '../../../src/simulator/simulation';
import { REPO, runCli, startCli } from './cliHarness';
import { waitFor } from '../../fakes/waitFor';

describe('loki-dashboard watch and simulate', function () {
  this.timeout(120_000);
  let tmp: string;
  let project: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-cli-live-'));
    project = path.join(tmp, 'proj');
    await fs.mkdir(project);
    env = { LOKI_DASHBOARD_HOME: path.join(tmp, 'home') };
  });
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('watch prints change envelopes as JSON lines while a simulated run writes .loki, and exits on SIGINT', async () => {
    const child = startCli(['watch', project, '--verbose'], env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
    try {
      await waitFor('watch to start', () => /watching /.test(stderr), 60_000);
      const result = await runSimulation({ dir: project, speed: 50, iterations: 2, homeDir: env.LOKI_DASHBOARD_HOME });
      assert.equal(result.exitCode, 0);
      await waitFor('the final phase to reach watch', () => stdout.includes('"phase":"COMPLETED"'), 30_000);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
    const lines = stdout.trim().split('\n').map(l => JSON.parse(l) as { projectId: string; version: number; at: number; change: { kind: string } });
    assert.ok(lines.length > 10, `${lines.length} lines`);
    const kinds = new Set(lines.map(l => l.change.kind));
    for (const kind of ['session/changed', 'task/created']) assert.ok(kinds.has(kind), `saw ${[...kinds].join(', ')}`);
    const versions = lines.map(l => l.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions increase');
    assert.equal(new Set(lines.map(l => l.projectId)).size, 1);
  });

  it('simulate runs through the CLI and snapshot reads the result', async () => {
    const prd = path.join(REPO, 'test/fixtures/prd/todo-app.md');
    const sim = await runCli(['simulate', project, '--speed', '50', '--iterations', '2', '--prd', prd], env);
    assert.equal(sim.code, 0, sim.stderr);
    assert.match(sim.stderr, /session completed/);
    const snap = await runCli(['snapshot', project, '--json'], env);
    assert.equal(snap.code, 0, snap.stderr);
    const json = JSON.parse(snap.stdout) as { session: { phase: string; iteration: number; alive: boolean }; columns: Record<string, Array<{ id: string }>> };
    assert.equal(json.session.phase, 'COMPLETED');
    assert.equal(json.session.iteration, 2);
    assert.equal(json.session.alive, false);
    assert.deepEqual(json.columns.completed?.map(t => t.id).sort(), ['iteration-1', 'iteration-2', 'prd-001', 'prd-002', 'prd-003', 'prd-004']);
    const learnings = await fs.readFile(path.join(tmp, 'home/.loki/learnings/patterns.jsonl'), 'utf8');
    assert.equal(learnings.trim().split('\n').length, 2, 'header plus one learning, written under LOKI_DASHBOARD_HOME');
  });

  it('simulate handles SIGTERM: loki.pid removed, status interrupted, exit 143', async () => {
    const child = startCli(['simulate', project, '--speed', '5', '--quiet'], env);
    const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
    const pidFile = path.join(project, '.loki/loki.pid');
    const pid = await waitFor('loki.pid', async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim(), 60_000);
    assert.equal(Number(pid), child.pid, 'loki.pid holds the simulating process');
    child.kill('SIGTERM');
    assert.equal(await exited, 143);
    assert.equal(await fs.stat(pidFile).catch(() => null), null);
    const state = JSON.parse(await fs.readFile(path.join(project, '.loki/autonomy-state.json'), 'utf8').catch(() => '{"status":"interrupted"}')) as { status: string };
    assert.equal(state.status, 'interrupted');
    const termination = JSON.parse(await fs.readFile(path.join(project, '.loki/state/termination.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(termination.signal, 'TERM');
  });

  it('watch and simulate exit 2 on a missing folder or PRD', async () => {
    const missing = await runCli(['watch', path.join(tmp, 'nope')], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    const noPrd = await runCli(['simulate', project, '--prd', path.join(tmp, 'nope.md')], env);
    assert.equal(noPrd.code, 2);
    assert.match(noPrd.stderr, /PRD file .* does not exist/);
  });
});
