// Per-iteration efficiency rows: each `metrics/efficiency/iteration-N.json` joined with its `iteration-N` card (start
// and end times). Past sessions have no metrics files left (the runner deletes them at the next start), so their
// rows come from the stored iteration cards, which carry the figures attached by cardCosts.
import type { EfficiencyRow, IterationMetric, Task, TaskStatus } from '../domain';
import { isMeasured, recordCost, round4 } from './pricing';

/** The measured figures of one record: cost and tokens stay null when the record measured nothing (Loki's rule). */
export function recordFigures(m: IterationMetric): { costUsd: number | null; tokens: { input: number; output: number } | null; durationMs: number | null } {
  const measured = isMeasured([m]);
  return {
    costUsd: measured ? round4(recordCost(m)) : null,
    tokens: measured ? { input: m.inputTokens ?? 0, output: m.outputTokens ?? 0 } : null,
    durationMs: m.durationMs,
  };
}

/** Iteration cards by iteration number. */
function iterationCards(tasks: readonly Task[]): Map<number, Task> {
  const out = new Map<number, Task>();
  for (const t of tasks) if (t.source === 'iteration' && t.iteration !== undefined) out.set(t.iteration, t);
  return out;
}

/** Rows for the live session: one per efficiency record, in iteration order. */
export function efficiencyRows(iterations: readonly IterationMetric[], columns: Record<TaskStatus, Task[]>): EfficiencyRow[] {
  const cards = iterationCards(Object.values(columns).flat());
  return [...iterations].sort((a, b) => a.iteration - b.iteration).map(m => {
    const card = cards.get(m.iteration);
    const f = recordFigures(m);
    return {
      iteration: m.iteration, phase: m.phase ?? card?.phase ?? null, model: m.model, status: m.status ?? card?.status ?? null,
      inputTokens: f.tokens?.input ?? null, outputTokens: f.tokens?.output ?? null, costUsd: f.costUsd, durationMs: f.durationMs,
      startedAt: card?.startedAt ?? null, endedAt: card?.completedAt ?? m.timestamp,
    };
  });
}

/** Rows for a past session, from its stored iteration cards (finished ones only). */
export function rowsFromCards(tasks: readonly Task[]): EfficiencyRow[] {
  return [...iterationCards(tasks).values()]
    .filter(t => t.status === 'completed' || t.status === 'failed')
    .sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0))
    .map(t => ({
      iteration: t.iteration ?? 0, phase: t.phase ?? null, model: null, status: t.status,
      inputTokens: t.tokens?.input ?? null, outputTokens: t.tokens?.output ?? null, costUsd: t.costUsd ?? null,
      durationMs: t.durationMs ?? null, startedAt: t.startedAt ?? null, endedAt: t.completedAt ?? null,
    }));
}

/** Turns rows back into efficiency records (for KPIs of a past session, whose metrics files are gone). */
export function recordsFromRows(rows: readonly EfficiencyRow[]): IterationMetric[] {
  return rows.map(r => ({
    iteration: r.iteration, model: r.model, phase: r.phase, status: r.status, durationMs: r.durationMs,
    inputTokens: r.inputTokens, outputTokens: r.outputTokens, costUsd: r.costUsd, timestamp: r.endedAt,
  }));
}
