// State of one simulated run and the bookkeeping writers the runner calls around iterations
// (save_state, log tee, context tracker, budget, notifications, checkpoints, learning signals, CONTINUITY.md).
import type { Logger } from '../core/logger';
import type { SimClock } from './clock';
import { hex, isoSignal, isoZ, localDay, pyJson, signalStamp } from './formats';
import type { SimGit } from './gitWork';
import type { Usage } from './streamJson';
import type { AutonomyState, LokiFiles } from './writers';

/** Claude Sonnet's context window, which the context tracker's percentage is measured against. */
const CONTEXT_WINDOW = 200_000;

/** Budget the simulated run is launched with (`--budget 5`), so budget.json and the budget gauge have data. */
export const SIM_BUDGET_USD = 5;

/** One simulated session. */
export class SimRun {
  readonly provider = 'claude';
  readonly version = '9.22.12';
  readonly startedAt = new Date();
  private state: AutonomyState;
  private readonly perIteration: Array<Record<string, unknown>> = [];
  private readonly totals = { input: 0, output: 0, cost: 0 };
  private notifications: Array<Record<string, unknown>> = [];

  constructor(
    readonly files: LokiFiles,
    readonly clock: SimClock,
    readonly log: Logger,
    readonly projectDir: string,
    readonly projectName: string,
    /** PRD path as the runner reports it (`./prd.md`, `.loki/generated-prd.md`). */
    readonly prdRel: string,
    readonly prdText: string,
    readonly generatedPrd: boolean,
    /** The agent's work in git and the checkpoints' git facts. */
    readonly git: SimGit,
  ) {
    this.state = { retryCount: 0, iterationCount: 0, status: 'running', lastExitCode: 0, lastRun: isoZ(), prdPath: prdRel, pid: process.pid, maxRetries: 50, baseWait: 60 };
  }

  /** The current autonomy-state values. */
  get autonomy(): Readonly<AutonomyState> {
    return this.state;
  }

  /** save_state with some fields changed. */
  async saveState(patch: Partial<AutonomyState>): Promise<void> {
    this.state = { ...this.state, ...patch, lastRun: isoZ() };
    await this.files.autonomyState(this.state);
  }

  /** The provider-output tee: agent.log gets the NEW SESSION banners, autonomy-<day>.log the session-ended lines. */
  async agentLog(text: string, only?: 'agent' | 'autonomy'): Promise<void> {
    if (only !== 'autonomy') await this.files.append('logs/agent.log', text);
    if (only !== 'agent') await this.files.append(`logs/autonomy-${localDay()}.log`, text);
  }

  /** Context tracker, budget check and notification checker after an iteration. */
  async recordUsage(n: number, u: Usage, costUsd: number, exitCode: number, contextTokens: number): Promise<void> {
    const f = this.files;
    this.totals.input += u.input;
    this.totals.output += u.output;
    this.totals.cost = Math.round((this.totals.cost + costUsd) * 1e6) / 1e6;
    this.perIteration.push({ iteration: n, input_tokens: u.input, output_tokens: u.output, cache_read_tokens: u.cacheRead, cache_creation_tokens: u.cacheCreation, cost_usd: costUsd, timestamp: isoZ(), compacted: false });
    const total = u.input + u.cacheRead + u.cacheCreation + u.output;
    await f.atomic('context/tracking.json', JSON.stringify({
      session_id: `sim-${process.pid}`, provider: this.provider, updated_at: isoZ(),
      current: { input_tokens: u.input, output_tokens: u.output, cache_read_tokens: u.cacheRead, cache_creation_tokens: u.cacheCreation, total_tokens: total, context_window_pct: Math.min(99, Math.round((contextTokens / CONTEXT_WINDOW) * 1000) / 10), estimated_cost_usd: costUsd },
      compactions: [], per_iteration: this.perIteration,
      totals: { total_input: this.totals.input, total_output: this.totals.output, total_cost_usd: this.totals.cost, compaction_count: 0, iterations_tracked: this.perIteration.length },
    }, null, 2) + '\n');
    await this.writeBudget();
    if (exitCode !== 0) {
      this.notifications.push({ id: `notif-${Math.floor(Date.now() / 1000)}-i${n}-${hex(6)}-quality-gate-fail`, trigger_id: 'quality-gate-fail', severity: 'warning', message: `Quality gate failed in iteration ${n}: test_suite`, timestamp: isoZ(), iteration: n, acknowledged: false, data: { gate: 'test_suite' } });
    }
    const pct = this.totals.cost / SIM_BUDGET_USD;
    if (pct >= 0.8 && !this.notifications.some(x => x.trigger_id === 'budget-80pct')) {
      this.notifications.push({ id: `notif-${Math.floor(Date.now() / 1000)}-i${n}-${hex(6)}-budget-80pct`, trigger_id: 'budget-80pct', severity: 'critical', message: `Budget ${Math.round(pct * 100)}% used`, timestamp: isoZ(), iteration: n, acknowledged: false, data: {} });
    }
    const count = (s: string): number => this.notifications.filter(x => x.severity === s).length;
    await f.atomic('notifications/active.json', JSON.stringify({
      notifications: this.notifications,
      summary: { total: this.notifications.length, unacknowledged: this.notifications.length, critical: count('critical'), warning: count('warning'), info: count('info') },
    }, null, 2) + '\n');
  }

  /** metrics/budget.json as check_budget_limit writes it. */
  async writeBudget(): Promise<void> {
    await this.files.atomic('metrics/budget.json', JSON.stringify({ limit: SIM_BUDGET_USD, budget_limit: SIM_BUDGET_USD, budget_used: this.totals.cost, exceeded: false, created_at: isoZ(this.startedAt) }, null, 2) + '\n');
  }

  /**
   * create_checkpoint (run.sh:16387-16571): copies of the state files in their `.loki` layout, the git facts with the
   * worktree snapshot, metadata.json (python json.dump, indent 2) and a line in index.jsonl (json.dumps separators).
   */
  async checkpoint(n: number, task: string, taskId: string): Promise<string> {
    let epoch = Math.floor(Date.now() / 1000);
    // A sped-up run can checkpoint twice within a second; the runner's ids are unique, so ours must be too.
    while (await this.files.exists(`state/checkpoints/cp-${n}-${epoch}`)) epoch++;
    const id = `cp-${n}-${epoch}`;
    const dir = `state/checkpoints/${id}`;
    for (const rel of ['state/orchestrator.json', 'autonomy-state.json', 'queue/pending.json', 'queue/completed.json', 'queue/in-progress.json', 'queue/current-task.json', 'CONTINUITY.md']) {
      const text = await this.files.readText(rel);
      if (text !== null) await this.files.inPlace(`${dir}/${rel}`, text);
    }
    const git = await this.git.checkpointFacts(id);
    if (git.snapshot) await this.files.inPlace(`${dir}/worktree-snapshot.txt`, `${git.snapshot}\n`);
    const ts = isoZ();
    const desc = task.slice(0, 200);
    await this.files.inPlace(`${dir}/metadata.json`, JSON.stringify({ id, timestamp: ts, iteration: n, task_id: taskId, task_description: desc, git_sha: git.sha, git_branch: git.branch, provider: this.provider, phase: await this.phase() }, null, 2));
    await this.files.append('state/checkpoints/index.jsonl', `${pyJson({ id, ts, iter: n, task: desc, sha: git.sha })}\n`);
    return id;
  }

  /** `currentPhase` of state/orchestrator.json, as create_checkpoint reads it. */
  private async phase(): Promise<string> {
    const o = await this.files.readJson<unknown>('state/orchestrator.json', {});
    const p = o && typeof o === 'object' ? (o as Record<string, unknown>).currentPhase : undefined;
    return typeof p === 'string' && p ? p : 'unknown';
  }

  /** learning/emitter.py: one signal file per call, with the `+00:00Z` timestamp quirk. */
  async learningSignal(action: string, patternName: string, sequence: string[], outcome: string, durationSeconds: number): Promise<void> {
    const id = `sig-${hex(8)}`;
    await this.files.atomic(`learning/signals/${signalStamp()}_${id}.json`, JSON.stringify({
      id, type: 'success_pattern', source: 'cli', action, context: {}, outcome, confidence: 0.8, timestamp: isoSignal(), metadata: {},
      pattern_name: patternName, action_sequence: sequence, preconditions: [], postconditions: [], duration_seconds: durationSeconds,
    }, null, 2));
  }

  /** update_continuity: the whole file is overwritten after every iteration. */
  async continuity(n: number, rarv: string): Promise<void> {
    const pending = await this.files.readJson<unknown>('queue/pending.json', []);
    const list = (Array.isArray(pending) ? pending : (pending as { tasks?: unknown[] })?.tasks ?? []) as Array<{ title?: string; id?: string }>;
    const next = list.slice(0, 3).map(t => `- ${t.title ?? t.id ?? 'Task'}`);
    const mins = Math.max(0, Math.round((Date.now() - this.startedAt.getTime()) / 60000));
    await this.files.inPlace('CONTINUITY.md', [
      '# Session Continuity', '', `Updated: ${isoZ()}`, '', '## Current State', '', `- Iteration: ${n}`, '- Phase: BUILDING', `- RARV Step: ${rarv}`,
      `- Provider: ${this.provider}`, `- Elapsed: ${mins}m`, '', '## Last Completed Task', '', '- Last commit: Initial PRD', '', '## Active Blockers', '', '- None', '',
      '## Next Up', '', ...(next.length ? next : ['- No pending tasks']), '', '## Key Decisions This Session', '', '- None recorded yet', '',
    ].join('\n'));
  }
}
