// Optimistic moves: a card shows in its new column at once and goes back if the host's write fails.
import type { ProjectSnapshot, TaskStatus } from '../../core/domain';

/** A move the user made that the files do not show yet. */
export interface PendingMove {
  requestId: number;
  projectId: string;
  taskId: string;
  title: string;
  from: TaskStatus;
  to: TaskStatus;
  /** The host answered ok; the overlay stays until the files show the card in `to`. */
  confirmed: boolean;
}

/** Outcome of a reply to a move request. */
export interface MoveReplyOutcome {
  moves: PendingMove[];
  /** Set when the move failed: the message to show and announce. */
  failure: string | null;
}

/** Applies the host's reply to a move. */
export function onMoveReply(moves: readonly PendingMove[], requestId: number, ok: boolean, error?: string): MoveReplyOutcome {
  const move = moves.find(m => m.requestId === requestId);
  if (!move) return { moves: moves.slice(), failure: null };
  if (ok) return { moves: moves.map(m => (m === move ? { ...m, confirmed: true } : m)), failure: null };
  return {
    moves: moves.filter(m => m !== move),
    failure: moveFailureText(move.title, move.from, move.to, error),
  };
}

/**
 * Drops moves the files have caught up with: once the card is no longer in `from` (the write landed,
 * or the runner moved it elsewhere) the files are the truth again.
 */
export function settleMoves(moves: readonly PendingMove[], snapshots: Readonly<Record<string, ProjectSnapshot>>): PendingMove[] {
  if (moves.length === 0) return moves as PendingMove[];
  const next = moves.filter(m => snapshots[m.projectId]?.columns[m.from].some(t => t.id === m.taskId) ?? false);
  return next.length === moves.length ? (moves as PendingMove[]) : next;
}

/** The message shown and announced when a move is reverted. */
export function moveFailureText(title: string, from: TaskStatus, to: TaskStatus, error: string | undefined): string {
  return `Could not move "${title}" to ${label(to)}: ${error ?? 'unknown error'}. It is back in ${label(from)}.`;
}

function label(s: TaskStatus): string {
  return ({ pending: 'Pending', in_progress: 'In Progress', review: 'In Review', completed: 'Completed', failed: 'Failed' } as const)[s];
}
