// The runner's status-monitor subshell (run.sh:8268-8291): every 2 s it rewrites dashboard-state.json (atomic),
// STATUS.txt, and clobbers state/agents.json to `[]` (in place), and it emits phase_change events. Because the
// subshell was forked before the loop started, its `iteration` is frozen at 0 (contract §9.1) — reproduced here.
import type { SimClock } from './clock';
import { dateBanner, isoZ } from './formats';
import type { LokiFiles } from './writers';

/** What the monitor needs to know about the run. */
export interface MonitorContext {
  files: LokiFiles;
  clock: SimClock;
  project: { name: string; path: string };
  provider: string;
  version: string;
}

const QUEUES = { pending: 'pending.json', inProgress: 'in-progress.json', review: 'review.json', completed: 'completed.json', failed: 'failed.json' } as const;

/** A running monitor; `stop()` ends the loop after one last write. */
export interface StatusMonitor {
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the 2 s loop. The first write happens immediately. */
export function startStatusMonitor(ctx: MonitorContext): StatusMonitor {
  let stopped = false;
  let lastPhase: string | null = null;
  let wake: (() => void) | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async (): Promise<void> => {
    const f = ctx.files;
    const orch = await f.readJson<Record<string, unknown>>('state/orchestrator.json', {});
    const phase = typeof orch.currentPhase === 'string' ? orch.currentPhase : 'BOOTSTRAP';
    if (lastPhase !== null && phase !== lastPhase) await f.event('phase_change', { from: lastPhase, to: phase, iteration: 0 });
    lastPhase = phase;
    const tasks: Record<string, unknown[]> = {};
    for (const [key, file] of Object.entries(QUEUES)) {
      const v = await f.readJson<unknown>(`queue/${file}`, []);
      tasks[key] = Array.isArray(v) ? v : Array.isArray((v as { tasks?: unknown })?.tasks) ? (v as { tasks: unknown[] }).tasks : [];
    }
    const mode = (await f.exists('PAUSE')) ? 'paused' : (await f.exists('STOP')) ? 'stopped' : 'autonomous';
    const tracking = await f.readJson<Record<string, unknown> | null>('context/tracking.json', null);
    const totals = (tracking?.totals ?? null) as Record<string, number> | null;
    const notifications = await f.readJson<{ summary?: unknown } | null>('notifications/active.json', null);
    const state = {
      timestamp: isoZ(),
      version: typeof orch.version === 'string' ? orch.version : ctx.version,
      project: ctx.project,
      mode,
      provider: ctx.provider,
      phase,
      complexity: 'standard',
      iteration: 0,
      startedAt: orch.startedAt ?? '',
      rarv: { currentStep: 0, stages: ['reason', 'act', 'reflect', 'verify'] },
      tasks,
      agents: await f.readJson<unknown>('state/agents.json', []),
      metrics: { tasksCompleted: 0, tasksFailed: 0, cpuUsage: 20 + Math.floor(Math.random() * 30), memoryUsage: 40 + Math.floor(Math.random() * 20), resourceStatus: 'ok' },
      memory: { episodic: 0, semantic: 0, procedural: 0 },
      qualityGates: null,
      council: await f.readJson<unknown>('council/state.json', { enabled: false }),
      checklist: null,
      appRunner: { status: 'not_initialized' },
      playwright: null,
      budget: await f.readJson<unknown>('metrics/budget.json', null),
      context: tracking,
      tokens: totals ? { input: totals.total_input ?? 0, output: totals.total_output ?? 0, cost_usd: totals.total_cost_usd ?? 0 } : null,
      notifications: notifications?.summary ?? { total: 0, unacknowledged: 0, critical: 0, warning: 0, info: 0 },
    };
    await f.atomicBashRandom('dashboard-state.json', JSON.stringify(state, null, 2) + '\n');
    await f.inPlace('STATUS.txt', statusText(phase, tasks));
    // update_agents_state: .agent/sub-agents is never created, so this is always `[]` (contract §9.2).
    await f.inPlace('state/agents.json', '[]\n');
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      await tick().catch(() => undefined); // a failed tick is retried 2 s later, as the subshell would
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, ctx.clock.ms(2));
        wake = () => { clearTimeout(t); resolve(); };
      });
    }
  };
  running = loop();

  return {
    tick,
    async stop() {
      stopped = true;
      wake?.();
      await running;
      await tick().catch(() => undefined);
    },
  };
}

function statusText(phase: string, tasks: Record<string, unknown[]>): string {
  return [
    '╔════════════════════════════════════════════════════════════════╗',
    '║                    LOKI MODE STATUS                            ║',
    '╚════════════════════════════════════════════════════════════════╝',
    '',
    `Updated: ${dateBanner()}`,
    '',
    `Phase: ${phase}`,
    '',
    'Tasks:',
    `  ├─ Pending:     ${tasks.pending?.length ?? 0}`,
    `  ├─ In Progress: ${tasks.inProgress?.length ?? 0}`,
    `  ├─ Completed:   ${tasks.completed?.length ?? 0}`,
    `  └─ Failed:      ${tasks.failed?.length ?? 0}`,
    '',
    'Monitor: watch -n 2 cat .loki/STATUS.txt',
    '',
  ].join('\n');
}
