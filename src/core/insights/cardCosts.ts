// Puts each iteration's measured cost, tokens and duration on its `iteration-N` card, so the chips the board already
// has show real figures. Only cards the records name get figures: Loki itself warns that the PRD story an iteration
// borrowed its title from was not "built" by it, so stories get figures only from their own record fields.
import type { IterationMetric, Task, TaskStatus } from '../domain';
import { recordFigures } from './efficiency';

/** Returns `columns` with figures attached to iteration cards (cards are copied, never mutated). Pure. */
export function attachCardCosts(columns: Record<TaskStatus, Task[]>, iterations: readonly IterationMetric[]): Record<TaskStatus, Task[]> {
  if (iterations.length === 0) return columns;
  const byIteration = new Map(iterations.map(m => [m.iteration, m]));
  const out = { ...columns };
  for (const status of Object.keys(out) as TaskStatus[]) {
    out[status] = out[status].map(t => {
      const m = t.source === 'iteration' && t.iteration !== undefined ? byIteration.get(t.iteration) : undefined;
      if (!m) return t;
      const f = recordFigures(m);
      const next: Task = { ...t };
      if (f.costUsd !== null) next.costUsd = f.costUsd;
      if (f.tokens !== null) next.tokens = f.tokens;
      if (f.durationMs !== null) next.durationMs = f.durationMs;
      return next;
    });
  }
  return out;
}
