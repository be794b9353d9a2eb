import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runSimulation } from '../../../src/simulator/simulation';
import { columnIds, events, exists, readJson, readWithCore, tempProject } from './simHarness';
import { waitFor } from '../../fakes/waitFor';

const PRD = path.resolve(__dirname, '../../fixtures/prd/todo-app.md');

describe('simulator: a full run', function () {
  this.timeout(120_000);
  let t: Awaited<ReturnType<typeof tempProject>>;
  before(async () => {
    t = await tempProject();
    await fs.copyFile(PRD, path.join(t.dir, 'prd.md'));
  });
  after(async () => fs.rm(t.root, { recursive: true, force: true }));

  it('runs to completion and leaves a tree the core reads as a finished run', async () => {
    let pidDuringRun = '';
    let wrapperKind: unknown = null;
    const watching = waitFor('loki.pid', async () => {
      pidDuringRun = await fs.readFile(path.join(t.loki, 'loki.pid'), 'utf8').catch(() => '');
      wrapperKind = (await readJson(t.loki, `pids/${process.pid}.json`))?.kind;
      return pidDuringRun && wrapperKind;
    });
    const result = await runSimulation({ dir: t.dir, speed: 50, iterations: 4, prdFile: path.join(t.dir, 'prd.md'), homeDir: t.home });
    await watching;
    assert.deepEqual(result, { exitCode: 0, iterations: 4, stopped: false });
    assert.equal(pidDuringRun.trim(), String(process.pid), 'loki.pid holds the simulator pid while it runs');
    assert.equal(wrapperKind, 'wrapper');
    assert.equal(await exists(path.join(t.loki, 'loki.pid')), false, 'loki.pid removed at exit');

    const snap = await readWithCore(t.dir, t.home);
    const cols = columnIds(snap);
    assert.deepEqual(cols.pending, []);
    assert.deepEqual(cols.failed, ['iteration-2']);
    assert.deepEqual(cols.completed, ['iteration-1', 'iteration-3', 'iteration-4', 'prd-001', 'prd-002', 'prd-003', 'prd-004']);
    assert.deepEqual(cols.in_progress, ['todo-0'], 'the stale TodoWrite item stays behind, as in the real claude-todo run');
    assert.equal(snap.session.phase, 'COMPLETED');
    assert.equal(snap.session.iteration, 4);
    assert.equal(snap.session.alive, false);
    assert.ok((snap.session.costUsd ?? 0) > 0);
    assert.deepEqual(snap.problems, []);
  });

  it('writes the runner files with their real shapes and quirks', async () => {
    const stories = await readJson<Array<Record<string, unknown>>>(t.loki, 'queue/completed.json');
    const login = stories?.find(s => s.id === 'prd-001');
    assert.equal(login?.title, 'User login');
    assert.equal(login?.source, 'prd');
    assert.equal(login?.project, 'PRD: Team Todo Board');
    assert.deepEqual(login?.acceptance_criteria, ['A signed-out user sees the login form', 'Wrong passwords show an error and keep the email', 'Sessions last 7 days']);
    assert.equal((await readJson(t.loki, 'dashboard-state.json'))?.iteration, 0, 'dashboard-state iteration is frozen at 0');
    const autonomy = await readJson(t.loki, 'autonomy-state.json');
    assert.equal(autonomy?.status, 'completion_promise_fulfilled');
    assert.equal(autonomy?.prdPath, './prd.md');
    assert.equal((await readJson(t.loki, 'state/orchestrator.json'))?.currentPhase, 'COMPLETED');
    assert.deepEqual(await readJson(t.loki, 'queue/current-task.json'), {});
    assert.equal(await exists(path.join(t.loki, `pids/${process.pid}.json`)), false, 'our pid record goes with loki.pid');

    const types = (await events(t.loki)).map(e => e.type);
    assert.equal(types[0], 'session_start');
    assert.equal(types.filter(x => x === 'iteration_start').length, 4);
    assert.equal(types.filter(x => x === 'iteration_complete').length, 4);
    assert.ok(types.includes('phase_change') && types.includes('council_vote'));
    assert.ok(types.indexOf('session_end') > types.lastIndexOf('iteration_complete'));
    const failed = (await events(t.loki)).find(e => e.type === 'iteration_complete' && e.data.iteration === 2);
    assert.deepEqual(failed?.data, { iteration: 2, status: 'failed', exitCode: 1, provider: 'claude' });

    const agentLog = await fs.readFile(path.join(t.loki, 'logs/agent.log'), 'utf8');
    const lines = agentLog.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some(l => l.type === 'system' && l.subtype === 'init'));
    assert.ok(lines.some(l => l.type === 'assistant' && JSON.stringify(l).includes('"tool_use"')));
    assert.ok(lines.some(l => l.type === 'user' && JSON.stringify(l).includes('"tool_result"')));
    const results = lines.filter(l => l.type === 'result');
    assert.equal(results.length, 4);
    assert.ok(results.every(r => typeof r.total_cost_usd === 'number' && typeof (r.usage as Record<string, unknown>).output_tokens === 'number'));
    assert.match(agentLog, /NEW SESSION - /);
    const logsDir = await fs.readdir(path.join(t.loki, 'logs'));
    assert.ok(logsDir.some(n => /^autonomy-\d{8}\.log$/.test(n)));

    const eff = await readJson(t.loki, 'metrics/efficiency/iteration-2.json');
    assert.equal(eff?.status, 'failed');
    assert.equal(typeof (await readJson(t.loki, 'metrics/result-cost-3.json'))?.total_cost_usd, 'number');
    const tracking = await readJson<{ totals: { iterations_tracked: number; total_cost_usd: number } }>(t.loki, 'context/tracking.json');
    assert.equal(tracking?.totals.iterations_tracked, 4);
    assert.equal((await readJson(t.loki, 'metrics/budget.json'))?.budget_used, tracking?.totals.total_cost_usd);
    const council = await readJson<{ verdicts: Array<{ result: string }> }>(t.loki, 'council/state.json');
    assert.equal(council?.verdicts.at(-1)?.result, 'APPROVED');
    const notes = await readJson<{ notifications: Array<{ trigger_id: string }> }>(t.loki, 'notifications/active.json');
    assert.ok(notes?.notifications.some(n => n.trigger_id === 'quality-gate-fail'));
    const index = (await fs.readFile(path.join(t.loki, 'state/checkpoints/index.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);
    assert.ok(index.length >= 4 && index.every(l => 'id' in l && 'ts' in l && 'iter' in l && 'task' in l && 'sha' in l));
    const signals = await fs.readdir(path.join(t.loki, 'learning/signals'));
    assert.ok(signals.length >= 5 && signals.every(n => /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d_sig-[0-9a-f]{8}\.json$/.test(n)));
    const sig = await readJson<{ timestamp: string }>(t.loki, `learning/signals/${signals[0]}`);
    assert.match(sig?.timestamp ?? '', /\+00:00Z$/);
    assert.equal(await fs.readFile(path.join(t.loki, 'state/agents.json'), 'utf8'), '[]\n', 'the status monitor clobbers agents.json to []');
  });

  it('appends a learning to the global store, with header lines', async () => {
    const lines = (await fs.readFile(path.join(t.home, '.loki/learnings/patterns.jsonl'), 'utf8')).trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines[0]?.version, '1.0');
    assert.equal(lines.length, 2);
    assert.equal(lines[1]?.project, 'proj');
    assert.equal(lines[1]?.category, 'session');
    assert.match(String(lines[1]?.description), /Simulated session finished 4 iterations/);
    for (const f of ['mistakes.jsonl', 'successes.jsonl']) assert.ok(await exists(path.join(t.home, '.loki/learnings', f)));
  });

  it('refuses to start while another live runner owns loki.pid', async () => {
    await fs.writeFile(path.join(t.loki, 'loki.pid'), `${process.ppid}\n`);
    const res = await runSimulation({ dir: t.dir, speed: 50, iterations: 1, homeDir: t.home });
    assert.equal(res.exitCode, 1);
    assert.equal((await fs.readFile(path.join(t.loki, 'loki.pid'), 'utf8')).trim(), String(process.ppid));
    await fs.rm(path.join(t.loki, 'loki.pid'));
  });

  it('uses the built-in sample PRD when none is given', async () => {
    const u = await tempProject();
    try {
      const res = await runSimulation({ dir: u.dir, speed: 50, iterations: 1, homeDir: u.home });
      assert.equal(res.exitCode, 0);
      assert.match(await fs.readFile(path.join(u.loki, 'generated-prd.md'), 'utf8'), /^# PRD: CLI todo app/);
      assert.deepEqual(columnIds(await readWithCore(u.dir)).completed, ['iteration-1', 'prd-001', 'prd-002', 'prd-003', 'prd-004', 'prd-005']);
    } finally {
      await fs.rm(u.root, { recursive: true, force: true });
    }
  });
});
