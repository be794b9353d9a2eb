import type { Agent, Learning, ProjectChange, ProjectSnapshot, Session, Task } from './domain';
import { TASK_STATUSES } from './domain';
import { boardTransition } from './taskDelta';
import type { BoardTransition } from './taskDelta';

/** A snapshot as the model derives it (the monitor adds the version). */
export type DerivedSnapshot = Omit<ProjectSnapshot, 'version'>;

/** Structural equality for JSON-like values (what the model produces): key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter(k => ao[k] !== undefined);
  const bk = Object.keys(bo).filter(k => bo[k] !== undefined);
  return ak.length === bk.length && ak.every(k => deepEqual(ao[k], bo[k]));
}

/** Every task of a snapshot, in board order. */
export function allTasks(s: Pick<DerivedSnapshot, 'columns'>): Task[] {
  return TASK_STATUSES.flatMap(status => s.columns[status]);
}

/** Names of the session fields whose values differ. */
export function changedSessionFields(prev: Session, next: Session): Array<keyof Session> {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)] as Array<keyof Session>);
  return [...keys].filter(k => !deepEqual(prev[k], next[k]));
}

function diffTasks(prev: Task[], next: Task[], out: ProjectChange[]): void {
  const before = new Map(prev.map(t => [t.id, t]));
  const seen = new Set<string>();
  for (const t of next) {
    // A duplicate id inside one snapshot would be a model bug; the first copy wins, as on the board.
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    const old = before.get(t.id);
    if (!old) out.push({ kind: 'task/created', task: t });
    else if (old.status !== t.status) out.push({ kind: 'task/moved', task: t, from: old.status });
    else if (!deepEqual(old, t)) out.push({ kind: 'task/updated', task: t });
  }
  for (const old of prev) if (!seen.has(old.id)) out.push({ kind: 'task/removed', id: old.id, from: old.status });
}

const COLUMN_RANK = new Map(TASK_STATUSES.map((s, i) => [s, i]));

/** Board order of an indexed card: its column, then its place across the sources. */
const boardOrder = (e: { task: Task; order: number }): number => COLUMN_RANK.get(e.task.status)! * 2 ** 44 + e.order;

/**
 * `diffTasks` over only the ids the board says may have changed: same changes, same order (the full diff walks
 * the next board in column order, then the previous one for removals).
 */
function diffChangedTasks(t: BoardTransition, out: ProjectChange[]): void {
  const present: Array<{ task: Task; order: number }> = [];
  const gone: Array<{ task: Task; order: number }> = [];
  for (const id of t.changedIds) {
    const next = t.nextIndex.get(id);
    const prev = t.prevIndex.get(id);
    if (next) present.push(next);
    else if (prev) gone.push(prev);
  }
  present.sort((a, b) => boardOrder(a) - boardOrder(b));
  gone.sort((a, b) => boardOrder(a) - boardOrder(b));
  for (const { task } of present) {
    const old = t.prevIndex.get(task.id)?.task;
    if (!old) out.push({ kind: 'task/created', task });
    else if (old.status !== task.status) out.push({ kind: 'task/moved', task, from: old.status });
    else if (old !== task && !deepEqual(old, task)) out.push({ kind: 'task/updated', task });
  }
  for (const { task } of gone) out.push({ kind: 'task/removed', id: task.id, from: task.status });
}

function diffAgents(prev: Agent[], next: Agent[], out: ProjectChange[]): void {
  const before = new Map(prev.map(a => [a.id, a]));
  for (const a of next) {
    const old = before.get(a.id);
    if (!old) out.push({ kind: 'agent/spawned', agent: a });
    else if (deepEqual(old, a)) continue;
    else if (old.status === 'active' && a.status !== 'active') out.push({ kind: 'agent/completed', agent: a });
    else out.push({ kind: 'agent/updated', agent: a });
  }
}

function diffLearnings(prev: Learning[], next: Learning[], out: ProjectChange[]): void {
  const before = new Set(prev.map(l => l.id));
  for (const l of next) if (!before.has(l.id)) out.push({ kind: 'learning/added', learning: l });
}

/**
 * The typed changes that turn `prev` into `next` (null `prev`: everything is new). Order: `.loki` presence,
 * session, tasks (created/moved/updated in board order, then removals), agents, learnings, quality, iterations,
 * problems. Agents that vanish from the model are not reported: the protocol has no removal for them, and the
 * runner's `state/agents.json` flips to `[]` every 2 s, so the model keeps the last good list anyway.
 */
export function diffSnapshots(prev: DerivedSnapshot | null, next: DerivedSnapshot): ProjectChange[] {
  const out: ProjectChange[] = [];
  if (!prev || prev.hasLoki !== next.hasLoki) out.push({ kind: 'project/loki', hasLoki: next.hasLoki });
  if (!prev) {
    out.push({ kind: 'session/changed', session: next.session, fields: Object.keys(next.session) as Array<keyof Session> });
  } else {
    const fields = changedSessionFields(prev.session, next.session);
    if (fields.length) out.push({ kind: 'session/changed', session: next.session, fields });
  }
  // The model hands back the same columns object while no task file changed: nothing to compare then.
  if (prev?.columns !== next.columns) {
    const transition = prev && boardTransition(prev.columns, next.columns);
    if (transition) diffChangedTasks(transition, out);
    else diffTasks(prev ? allTasks(prev) : [], allTasks(next), out);
  }
  diffAgents(prev?.agents ?? [], next.agents, out);
  diffLearnings(prev?.learnings ?? [], next.learnings, out);
  if (!prev || !deepEqual(prev.quality, next.quality)) out.push({ kind: 'quality/changed', quality: next.quality });
  if (!prev || !deepEqual(prev.iterations, next.iterations)) out.push({ kind: 'iterations/changed', iterations: next.iterations });
  if (!prev || !deepEqual(prev.problems, next.problems)) out.push({ kind: 'problems/changed', problems: next.problems });
  // Optional fields (absent in snapshots built elsewhere): reported only when they differ from what was there.
  if (next.facts && !deepEqual(prev?.facts, next.facts)) out.push({ kind: 'facts/changed', facts: next.facts });
  if (next.memory !== undefined && !deepEqual(prev?.memory ?? null, next.memory)) out.push({ kind: 'memory/changed', memory: next.memory });
  return out;
}
