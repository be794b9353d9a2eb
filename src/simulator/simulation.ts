// `loki-dashboard simulate`: writes a realistic Loki run into `<dir>/.loki` the way run.sh does, obeying PAUSE, STOP
// and HUMAN_INPUT.md at iteration boundaries. It is a stand-in for the runner in tests and the demo; its own pid goes
// into loki.pid so liveness checks see a real process.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../core/logger';
import { nullLogger } from '../core/logger';
import { SimClock, SimulationAborted } from './clock';
import { checkHumanIntervention } from './intervention';
import { runIteration } from './iteration';
import { clearGateEscalation, driveIntoNeedsYou } from './needsYouScenario';
import type { Scenario } from './needsYouScenario';
import { councilVote, initLokiDir, liveOwner, pendingCount, populatePrdQueue, recordGlobalLearning, setPhase } from './lifecycle';
import { startStatusMonitor } from './monitor';
import type { StatusMonitor } from './monitor';
import { SAMPLE_PRD } from './prd';
import { SimRun } from './run';
import { SimGit } from './gitWork';
import { ExecGitRunner } from '../core/adapters/execGit';
import { isoZ } from './formats';
import { LokiFiles } from './writers';
import { errorMessage } from '../core/errors';

/** Options of a simulated run. */
export interface SimulationOptions {
  /** Project folder; `.loki/` is created inside it. */
  dir: string;
  /** 1 = the runner's cadence (2 s ticks, ~20 s iterations); 50 runs an iteration in ~0.4 s. */
  speed?: number;
  /** Iterations to run (default 4). Every third iteration (2, 5, ...) fails unless it is the last. */
  iterations?: number;
  /** PRD file; default: a built-in sample written to `.loki/generated-prd.md`. */
  prdFile?: string;
  /** Home whose `.loki/learnings/` receives the session learning; default env LOKI_DASHBOARD_HOME, then os.homedir(). */
  homeDir?: string;
  /** Abort = interrupt. `signal.reason` 'SIGINT' or 'SIGTERM' picks the exit path (130 / 143); anything else counts as SIGINT. */
  signal?: AbortSignal;
  log?: Logger;
  /** Accept HUMAN_INPUT.md; default: env LOKI_PROMPT_INJECTION === 'true' (exactly, as run.sh). */
  promptInjection?: boolean;
  /** `needs-you`: before iteration 2, a dead-letter task, a gate escalation and a pause (needs 2+ iterations). */
  scenario?: Scenario;
  /** The agent writes real files and commits them per iteration (a repository is initialised when the folder has none). */
  git?: boolean;
}

/** How the run ended: exit code as run.sh would return it (0, 1 lock conflict, 20 max iterations, 130/143 signals). */
export interface SimulationResult {
  exitCode: number;
  iterations: number;
  stopped: boolean;
}

/** Runs a simulated Loki session to completion, STOP or abort. Throws only on bad options (missing dir or PRD). */
export async function runSimulation(opts: SimulationOptions): Promise<SimulationResult> {
  const log = opts.log ?? nullLogger;
  const speed = opts.speed ?? 1;
  const total = opts.iterations ?? 4;
  if (!(speed > 0)) throw new Error('--speed must be a positive number');
  if (!Number.isInteger(total) || total < 1) throw new Error('--iterations must be a positive integer');
  const projectDir = path.resolve(opts.dir);
  const st = await fs.stat(projectDir).catch(() => null);
  if (!st?.isDirectory()) throw new Error(`${projectDir} is not a directory`);
  let prdText = SAMPLE_PRD;
  let prdRel = '.loki/generated-prd.md';
  if (opts.prdFile) {
    const prdAbs = path.resolve(opts.prdFile);
    prdText = await fs.readFile(prdAbs, 'utf8').catch(err => { throw new Error(`Cannot read PRD ${prdAbs}: ${errorMessage(err)}`); });
    const rel = path.relative(projectDir, prdAbs);
    prdRel = rel.startsWith('..') || path.isAbsolute(rel) ? prdAbs : `./${rel.split(path.sep).join('/')}`;
  }

  const files = new LokiFiles(path.join(projectDir, '.loki'));
  await files.mkdirs(['.']);
  const owner = await liveOwner(files);
  if (owner !== null) {
    log.error(`Another Loki session is already running (pid ${owner}) in ${projectDir}`);
    return { exitCode: 1, iterations: 0, stopped: false };
  }

  const internal = new AbortController();
  const onOuterAbort = (): void => internal.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) onOuterAbort();
  const reason = (): 'SIGINT' | 'SIGTERM' | 'abort' => (internal.signal.reason === 'SIGTERM' ? 'SIGTERM' : internal.signal.reason === 'SIGINT' ? 'SIGINT' : 'abort');
  const clock = new SimClock(speed, internal.signal, reason);
  const simGit = await SimGit.open(new ExecGitRunner(), projectDir, opts.git === true);
  const run = new SimRun(files, clock, log, projectDir, path.basename(projectDir), prdRel, prdText, !opts.prdFile, simGit);
  const promptInjection = opts.promptInjection ?? process.env.LOKI_PROMPT_INJECTION === 'true';
  const homeDir = opts.homeDir ?? process.env.LOKI_DASHBOARD_HOME ?? os.homedir();

  let monitor: StatusMonitor | null = null;
  let iteration = 0;
  try {
    await initLokiDir(run);
    if (run.generatedPrd) await files.atomic('generated-prd.md', prdText);
    monitor = startStatusMonitor({ files, clock, project: { name: run.projectName, path: projectDir }, provider: run.provider, version: run.version });
    await files.event('session_start', { provider: run.provider, prd: prdRel, parallel: false, complexity: 'standard', pid: process.pid });
    log.info(`simulating ${total} iteration(s) in ${files.lokiDir} at speed ${speed}`);
    await clock.sleep(2);
    const added = await populatePrdQueue(run);
    log.info(`queued ${added} PRD stories`);
    await setPhase(run, 'BUILDING');
    await clock.sleep(1);

    let stopped = false;
    let directive: string | null = null;
    const fails = (n: number): boolean => n % 3 === 2 && n < total;
    for (let n = 1; n <= total; n++) {
      if (opts.scenario === 'needs-you' && n === 2) await driveIntoNeedsYou(files);
      const boundary = await checkHumanIntervention({ files, clock, log, promptInjection, saveStatus: s => run.saveState({ status: s }) });
      if (boundary.stop) {
        stopped = true;
        break;
      }
      if (opts.scenario === 'needs-you' && boundary.paused) await clearGateEscalation(files);
      directive = boundary.directive ?? directive;
      iteration = n;
      let successesLeft = 0;
      for (let k = n; k <= total; k++) if (!fails(k)) successesLeft++;
      const take = Math.ceil((await pendingCount(files)) / Math.max(1, successesLeft));
      log.info(`iteration ${n} started`);
      const out = await runIteration(run, n, { fail: fails(n), take, directive });
      directive = null;
      log.info(`iteration ${n} ${out.exitCode === 0 ? 'completed' : 'failed'}: ${out.completedIds.join(', ') || 'no tasks finished'}`);
      if (n === total) await councilVote(run, n, (await pendingCount(files)) === 0);
    }

    const remaining = await pendingCount(files);
    const fulfilled = !stopped && remaining === 0;
    if (!stopped) {
      await run.saveState({ status: fulfilled ? 'completion_promise_fulfilled' : 'max_iterations_reached' });
      await recordGlobalLearning(homeDir, run.projectName, total >= 3
        ? `Simulated session finished ${iteration} iterations; the test gate failed in iteration 2 and the next iteration fixed it before completion.`
        : `Simulated session finished ${iteration} iteration(s) with every gate passing.`);
    }
    await run.checkpoint(iteration, `session end (iterations=${iteration})`, 'session-end'); // run.sh:26432
    await run.learningSignal('session_complete', 'full_session', ['init', 'setup', 'run_iterations', 'extract_learnings', 'cleanup'], stopped ? 'partial' : 'success', Math.round((Date.now() - run.startedAt.getTime()) / 1000));
    await files.event('session_end', { result: 0, provider: run.provider, iterations: iteration });
    if (fulfilled) await files.inPlace('COMPLETED', `Completed at ${isoZ()}\n`);
    await setPhase(run, stopped ? 'FAILED' : fulfilled ? 'COMPLETED' : 'FAILED');
    log.info(stopped ? 'STOP consumed: session ended' : fulfilled ? 'session completed' : 'max iterations reached');
    return { exitCode: stopped || fulfilled ? 0 : 20, iterations: iteration, stopped };
  } catch (err) {
    if (!(err instanceof SimulationAborted)) throw err;
    const sig = err.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    const code = sig === 'SIGTERM' ? 143 : 130;
    const stopRequested = await files.exists('STOP');
    await run.saveState({ status: 'interrupted', lastExitCode: code }).catch(() => undefined);
    if (sig === 'SIGTERM') {
      await files.atomic('state/termination.json', JSON.stringify({ exit_code: code, reason: 'supervisor_signal', signal: 'TERM', status: 'interrupted', terminated: true, timestamp: isoZ() }) + '\n').catch(() => undefined);
    }
    await files.event('session_end', { result: code, reason: stopRequested ? 'stop_requested' : sig === 'SIGTERM' ? 'supervisor_signal' : 'interrupted' }).catch(() => undefined);
    log.warn(`interrupted by ${sig}`);
    return { exitCode: code, iterations: iteration, stopped: stopRequested };
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
    await monitor?.stop();
    await files.remove('loki.pid');
    // run.sh leaves pids/<pid>.json behind because its process dies; ours may live on (in-process runs in tests or
    // the extension host), and a live wrapper pid would make the finished run look alive forever.
    await files.remove(`pids/${process.pid}.json`);
  }
}
