// Puts each iteration's measured cost, tokens and duration on its `iteration-N` card, so the chips the board already
// has show real figures. Only cards the records name get figures: Loki itself warns that the PRD story an iteration
// borrowed its title from was not "built" by it, so stories get figures only from their own record fields.
import type { IterationMetric, Task, TaskStatus } from '../domain';
import { recordFigures } from './efficiency';

/** Returns `columns` with figures attached to iteration cards (cards are copied, never mutated). Pure. */
export function attachCardCosts(columns: Record<TaskStatus, Task[]>, iterations: readonly IterationMetric[]): Record<TaskStatus, Task[]> {
  if (iterations.length === 0) return columns;
  const byIteration = iterationsByNumber(iterations);
  const out = { ...columns };
  for (const status of Object.keys(out) as TaskStatus[]) out[status] = out[status].map(t => costedCard(t, byIteration));
  return out;
}

/** The metrics by iteration number, for `costedCard`. */
export const iterationsByNumber = (iterations: readonly IterationMetric[]): Map<number, IterationMetric> => new Map(iterations.map(m => [m.iteration, m]));

/** One card as `attachCardCosts` gives it: a copy with its iteration's figures, or the card itself. */
export function costedCard(t: Task, byIteration: ReadonlyMap<number, IterationMetric>): Task {
  const m = t.source === 'iteration' && t.iteration !== undefined ? byIteration.get(t.iteration) : undefined;
  if (!m) return t;
  const f = recordFigures(m);
  const next: Task = { ...t };
  if (f.costUsd !== null) next.costUsd = f.costUsd;
  if (f.tokens !== null) next.tokens = f.tokens;
  if (f.durationMs !== null) next.durationMs = f.durationMs;
  return next;
}
