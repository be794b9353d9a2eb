import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pauseSession, resumeSession, sendHumanInput, stopSession, waitForInputOutcome } from '../../../src/core/write/control';
import { runSimulation } from '../../../src/simulator/simulation';
import { columnIds, events, exists, readJson, readWithCore, tempProject } from './simHarness';
import { waitFor } from '../../fakes/waitFor';

// These run the simulator in-process and steer it with the same control writers the extension uses.
describe('simulator: control files at iteration boundaries', function () {
  this.timeout(120_000);
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => (t = await tempProject()));
  afterEach(async () => fs.rm(t.root, { recursive: true, force: true }));

  const iterationCount = async (): Promise<number> => Number((await readJson(t.loki, 'autonomy-state.json'))?.iterationCount ?? 0);

  it('blocks on PAUSE at the next boundary (status paused, PAUSED.md) and resumes when PAUSE goes', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 3, homeDir: t.home });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    await pauseSession(t.loki);
    await waitFor('blocking pause', async () => (await readJson(t.loki, 'autonomy-state.json'))?.status === 'paused' && exists(path.join(t.loki, 'PAUSED.md')));
    const pausedAt = await iterationCount();
    await waitFor('dashboard-state mode paused', async () => (await readJson(t.loki, 'dashboard-state.json'))?.mode === 'paused');
    assert.equal((await readWithCore(t.dir)).session.status, 'paused');
    assert.equal(await iterationCount(), pausedAt, 'no new iteration starts while PAUSE exists');
    assert.match(await fs.readFile(path.join(t.loki, 'PAUSED.md'), 'utf8'), /^# Loki Mode - Paused/);
    await resumeSession(t.loki);
    const result = await run;
    assert.deepEqual(result, { exitCode: 0, iterations: 3, stopped: false });
    assert.equal(await exists(path.join(t.loki, 'PAUSED.md')), false);
    assert.deepEqual(await readJson(t.loki, 'state/interventions.json'), { count: 1, basis: 'blocking pauses that waited on a human' });
  });

  it('consumes STOP at the next boundary: deleted, phase FAILED, session_end, loki.pid removed', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 6, homeDir: t.home });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    await stopSession(t.loki);
    const result = await run;
    assert.equal(result.stopped, true);
    assert.equal(result.exitCode, 0);
    assert.ok(result.iterations < 6, `stopped after ${result.iterations} iterations`);
    assert.equal(await exists(path.join(t.loki, 'STOP')), false, 'STOP is consumed');
    assert.equal(await exists(path.join(t.loki, 'loki.pid')), false);
    assert.equal((await readJson(t.loki, 'state/orchestrator.json'))?.currentPhase, 'FAILED');
    assert.equal((await readJson(t.loki, 'autonomy-state.json'))?.status, 'exited');
    const end = (await events(t.loki)).find(e => e.type === 'session_end');
    assert.deepEqual(end?.data, { result: 0, provider: 'claude', iterations: result.iterations });
    const snap = await readWithCore(t.dir);
    assert.equal(snap.session.phase, 'FAILED');
    assert.ok((columnIds(snap).pending?.length ?? 0) > 0, 'stories left undone stay pending');
  });

  it('STOP wins during a blocking pause', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 4, homeDir: t.home });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    await pauseSession(t.loki);
    await waitFor('blocking pause', async () => (await readJson(t.loki, 'autonomy-state.json'))?.status === 'paused');
    await stopSession(t.loki);
    const result = await run;
    assert.equal(result.stopped, true);
    assert.equal(await exists(path.join(t.loki, 'STOP')), false);
    assert.equal((await readJson(t.loki, 'autonomy-state.json'))?.status, 'paused', 'the real runner leaves status paused when stopped while paused');
  });

  it('accepts HUMAN_INPUT.md when prompt injection is on and injects it into the next prompt', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 3, homeDir: t.home, promptInjection: true });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    const since = new Date();
    await sendHumanInput(t.loki, 'Use tabs, not spaces.');
    assert.equal(await waitForInputOutcome(t.loki, since, 30_000), 'accepted');
    await run;
    const archived = (await fs.readdir(path.join(t.loki, 'logs'))).filter(n => /^human-input-\d{8}-\d{6}\.md$/.test(n));
    assert.equal(archived.length, 1);
    assert.match(await fs.readFile(path.join(t.loki, 'logs', archived[0] ?? ''), 'utf8'), /## Operator directive \(.*\)\nUse tabs, not spaces\./);
    assert.match(await fs.readFile(path.join(t.loki, 'logs/agent.log'), 'utf8'), /HUMAN_DIRECTIVE \(PRIORITY\): ## Operator directive .*\nUse tabs, not spaces\./);
    assert.equal(await exists(path.join(t.loki, 'HUMAN_INPUT.md')), false);
  });

  it('quarantines HUMAN_INPUT.md as REJECTED without prompt injection, TOOLARGE above 1 MiB, and deletes a symlink', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 5, homeDir: t.home, promptInjection: false });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    let since = new Date();
    await sendHumanInput(t.loki, 'please');
    assert.equal(await waitForInputOutcome(t.loki, since, 30_000), 'rejected');

    await waitFor('HUMAN_INPUT consumed', async () => !(await exists(path.join(t.loki, 'HUMAN_INPUT.md'))));
    since = new Date();
    await fs.writeFile(path.join(t.loki, 'HUMAN_INPUT.md'), 'x'.repeat(1024 * 1024 + 1));
    assert.equal(await waitForInputOutcome(t.loki, since, 30_000), 'too-large');

    const target = path.join(t.root, 'outside.md');
    await fs.writeFile(target, 'outside content');
    await fs.symlink(target, path.join(t.loki, 'HUMAN_INPUT.md'));
    await waitFor('symlink deleted', async () => !(await exists(path.join(t.loki, 'HUMAN_INPUT.md'))));
    await run;
    assert.equal(await fs.readFile(target, 'utf8'), 'outside content', 'the symlink target is never read, moved or changed');
    const logs = await fs.readdir(path.join(t.loki, 'logs'));
    assert.equal(logs.filter(n => n.startsWith('human-input-REJECTED-TOOLARGE-')).length, 1);
    assert.equal(logs.filter(n => /^human-input-REJECTED-\d{8}-\d{6}\.md$/.test(n)).length, 1);
    assert.equal(logs.filter(n => /^human-input-\d{8}/.test(n)).length, 0);
  });

  it('an abort ends the run as an interrupt: status interrupted, exit 130, loki.pid removed', async () => {
    const ac = new AbortController();
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 4, homeDir: t.home, signal: ac.signal });
    await waitFor('iteration 1', async () => (await iterationCount()) >= 1);
    ac.abort('SIGINT');
    const result = await run;
    assert.equal(result.exitCode, 130);
    assert.equal((await readJson(t.loki, 'autonomy-state.json'))?.status, 'interrupted');
    assert.equal(await exists(path.join(t.loki, 'loki.pid')), false);
    const end = (await events(t.loki)).find(e => e.type === 'session_end');
    assert.deepEqual(end?.data, { result: 130, reason: 'interrupted' });
    assert.equal((await readWithCore(t.dir)).session.alive, false);
  });
});
