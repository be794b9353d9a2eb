// What the board shows: one project's columns or all projects merged, with pending moves overlaid and filters applied.
import { TASK_STATUSES } from '../../core/domain';
import type { ProjectSnapshot, Task, TaskStatus } from '../../core/domain';
import type { BoardFilter } from './uiState';
import type { PendingMove } from './pendingMoves';

/** A card with the project it belongs to (needed in "All projects"). */
export interface BoardCard {
  projectId: string;
  task: Task;
}

/** Cards per column. */
export type BoardColumns = Record<TaskStatus, BoardCard[]>;

// The cards of one snapshot column, kept per column array: a delta copies only the columns it touches, so the
// others reuse their cards (and one project without pending moves reuses whole columns).
const columnCards = new WeakMap<readonly Task[], { projectId: string; cards: BoardCard[] }>();

function cardsOf(projectId: string, tasks: readonly Task[]): BoardCard[] {
  const hit = columnCards.get(tasks);
  if (hit && hit.projectId === projectId) return hit.cards;
  const cards = tasks.map(task => ({ projectId, task }));
  columnCards.set(tasks, { projectId, cards });
  return cards;
}

/** Builds the board of the given snapshots, applying moves not yet confirmed by the files. */
export function boardColumns(snapshots: readonly ProjectSnapshot[], moves: readonly PendingMove[]): BoardColumns {
  const out = {} as BoardColumns;
  const movedKeys = new Set(moves.map(m => key(m.projectId, m.taskId)));
  if (snapshots.length === 1 && movedKeys.size === 0) {
    const snap = snapshots[0]!;
    for (const status of TASK_STATUSES) out[status] = cardsOf(snap.project.id, snap.columns[status]);
    return out;
  }
  for (const status of TASK_STATUSES) out[status] = [];
  const moved: BoardCard[] = [];
  for (const snap of snapshots) {
    const projectId = snap.project.id;
    for (const status of TASK_STATUSES) {
      const col = out[status];
      for (const card of cardsOf(projectId, snap.columns[status])) {
        if (movedKeys.size && movedKeys.has(key(projectId, card.task.id))) moved.push(card);
        else col.push(card);
      }
    }
  }
  for (const card of moved) {
    const move = moves.find(m => m.projectId === card.projectId && m.taskId === card.task.id)!;
    out[move.to].push({ projectId: card.projectId, task: { ...card.task, status: move.to } });
  }
  return out;
}

function key(projectId: string, taskId: string): string {
  return `${projectId}\u0000${taskId}`;
}

/** True when a task fails: in the Failed column or with a failing gate. */
export function isFailing(task: Task): boolean {
  if (task.status === 'failed') return true;
  return !!task.gates && Object.values(task.gates).some(g => /^fail/i.test(g));
}

/** Whether a card passes the filter. Text matches title, id, description, agent, case-insensitively. */
export function matchesFilter(task: Task, f: BoardFilter): boolean {
  if (f.priority && task.priority !== f.priority) return false;
  if (f.source && task.source !== f.source) return false;
  if (f.failedOnly && !isFailing(task)) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  return task.title.toLowerCase().includes(text)
    || task.id.toLowerCase().includes(text)
    || (task.description?.toLowerCase().includes(text) ?? false)
    || (task.agent?.toLowerCase().includes(text) ?? false);
}

/** Applies the filter to every column (columns the filter keeps whole are returned as they are). */
export function filterColumns(cols: BoardColumns, f: BoardFilter): BoardColumns {
  if (!f.text.trim() && !f.priority && !f.source && !f.failedOnly) return cols;
  const out = {} as BoardColumns;
  for (const status of TASK_STATUSES) out[status] = cols[status].filter(c => matchesFilter(c.task, f));
  return out;
}

/** Sources present in these projects, for the source filter. */
export function sourcesOf(snapshots: readonly ProjectSnapshot[]): string[] {
  const set = new Set<string>();
  for (const snap of snapshots) for (const status of TASK_STATUSES) for (const src of columnSources(snap.columns[status])) set.add(src);
  return [...set].sort();
}

// Sources per column array, so a delta rescans only the columns it copied.
const sourcesByColumn = new WeakMap<readonly Task[], ReadonlySet<string>>();
function columnSources(tasks: readonly Task[]): ReadonlySet<string> {
  let set = sourcesByColumn.get(tasks);
  if (!set) {
    set = new Set(tasks.map(t => t.source));
    sourcesByColumn.set(tasks, set);
  }
  return set;
}

/** Column titles as shown. */
export const COLUMN_TITLES: Record<TaskStatus, string> = {
  pending: 'Pending', in_progress: 'In Progress', review: 'In Review', completed: 'Completed', failed: 'Failed',
};
