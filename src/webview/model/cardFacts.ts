// What a card shows that depends only on its task (chips, titles, the read-only reason), derived once per task object.
// Deltas replace only the task objects that changed, so after a delta every other card finds its facts here.
import type { Task } from '../../core/domain';
import { formatCost, formatDuration, formatTokens } from './format';

/** A card's derived, display-ready facts. */
export interface CardFacts {
  readOnlyReason: string | null;
  cost: string | null;
  tokens: { text: string; title: string } | null;
  duration: string | null;
  gates: { pass: number; fail: number; title: string } | null;
}

const cache = new WeakMap<Task, CardFacts>();
let computed = 0;

/** Why a card cannot be moved, for the tooltip and screen readers. */
export function readOnlyReason(task: Task): string {
  if (task.source === 'iteration') return 'Iteration card: written by the runner, cannot be moved';
  if (task.source === 'todo') return 'TodoWrite mirror: written by the agent, cannot be moved';
  return 'Managed by the runner: cannot be moved';
}

function gateFacts(gates: Record<string, string>): CardFacts['gates'] {
  const entries = Object.entries(gates);
  if (entries.length === 0) return null;
  let pass = 0, fail = 0;
  for (const [, v] of entries) {
    if (/^pass/i.test(v)) pass++;
    else if (/^fail/i.test(v)) fail++;
  }
  return { pass, fail, title: entries.map(([k, v]) => `${k}: ${v}`).join('\n') };
}

/** The facts of `task`, computed on first use and kept as long as the task object lives. */
export function cardFacts(task: Task): CardFacts {
  let f = cache.get(task);
  if (f) return f;
  computed++;
  f = {
    readOnlyReason: task.readOnly ? readOnlyReason(task) : null,
    cost: task.costUsd != null ? formatCost(task.costUsd) : null,
    tokens: task.tokens ? { text: `${formatTokens(task.tokens.input + task.tokens.output)} tok`, title: `${task.tokens.input} in / ${task.tokens.output} out` } : null,
    duration: task.durationMs != null ? formatDuration(task.durationMs) : null,
    gates: task.gates ? gateFacts(task.gates) : null,
  };
  cache.set(task, f);
  return f;
}

/** How many times facts were derived (not served from the cache): for tests and the bench. */
export function cardFactsComputed(): number {
  return computed;
}
