// `loki-dashboard simulate <dir> [--speed N] [--iterations N] [--prd FILE]`: a realistic Loki run into <dir>/.loki.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { nullLogger, stderrLogger } from '../core/logger';
import { SCENARIOS } from '../simulator/needsYouScenario';
import type { Scenario } from '../simulator/needsYouScenario';
import { runSimulation } from '../simulator/simulation';
import { parseOrUsage, positiveNumber } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';

const USAGE = `Usage: loki-dashboard simulate <dir> [--speed N] [--iterations N] [--prd FILE] [--scenario needs-you] [--git] [--quiet]
  Writes a simulated Loki Mode run into <dir>/.loki the way the runner does (created if missing).
  --speed N       1 = real cadence (2 s ticks, ~20 s per iteration); 50 = fifty times faster
  --iterations N  iterations to run (default 4; iteration 2 fails its tests and the next fixes it)
  --prd FILE      PRD whose ## / ### headings become the queued stories (default: a built-in sample)
  --scenario needs-you  before iteration 2: a dead-letter task, a code_review gate escalation and a pause
  --git           the agent writes real files and commits them each iteration (a repository is created if <dir> has none)
  --quiet         no progress lines on stderr
  Obeys .loki/PAUSE, .loki/STOP and .loki/HUMAN_INPUT.md (accepted only with LOKI_PROMPT_INJECTION=true).
  Learnings go to $LOKI_DASHBOARD_HOME/.loki/learnings (default: your home).
`;

/** The `simulate` command module. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'write a realistic simulated Loki run into <dir>/.loki',
  usage: '<dir> [--speed N] [--iterations N] [--prd FILE] [--git]',
  async run(args) {
    const parsed = parseOrUsage('simulate', args, {
      speed: { type: 'string' }, iterations: { type: 'string' }, prd: { type: 'string' }, scenario: { type: 'string' }, git: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
    }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [dir, ...extra] = parsed.positionals;
    const speed = positiveNumber('speed', parsed.values.speed, false);
    const iterations = positiveNumber('iterations', parsed.values.iterations, true);
    const scenario = parsed.values.scenario;
    const badScenario = scenario !== undefined && !(SCENARIOS as readonly unknown[]).includes(scenario) ? `--scenario must be one of ${SCENARIOS.join(', ')}` : null;
    const problem = !dir || extra.length ? 'expected exactly one <dir>' : typeof speed === 'string' ? speed : typeof iterations === 'string' ? iterations : badScenario;
    if (problem || !dir) {
      process.stderr.write(`loki-dashboard simulate: ${problem}\n${USAGE}`);
      return EXIT_USAGE;
    }
    const prd = typeof parsed.values.prd === 'string' ? parsed.values.prd : undefined;
    if (prd && !(await fs.stat(prd).catch(() => null))?.isFile()) {
      process.stderr.write(`loki-dashboard simulate: PRD file ${path.resolve(prd)} does not exist\n`);
      return EXIT_USAGE;
    }
    await fs.mkdir(dir, { recursive: true });

    // SIGINT/SIGTERM end the run through its interrupt path (loki.pid removed, status interrupted, 130/143).
    const ac = new AbortController();
    const onInt = (): void => ac.abort('SIGINT');
    const onTerm = (): void => ac.abort('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    try {
      const result = await runSimulation({
        dir, speed: speed as number | undefined, iterations: iterations as number | undefined, prdFile: prd, signal: ac.signal, git: parsed.values.git === true,
        scenario: scenario as Scenario | undefined,
        log: parsed.values.quiet ? nullLogger : stderrLogger(true),
      });
      return result.exitCode;
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  },
};
