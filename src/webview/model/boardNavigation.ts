// Focus movement between cards with the arrow keys, Home and End: pure, so it is tested without a DOM.
import { TASK_STATUSES } from '../../core/domain';
import type { TaskStatus } from '../../core/domain';
import type { BoardCard, BoardColumns } from './boardModel';
import type { CardRef } from './uiState';

/** Where a card is on the board. */
export interface CardAt {
  status: TaskStatus;
  index: number;
  card: BoardCard;
}

/** The column and row of the card `ref` points to, or null when it is not on the (filtered) board. */
export function findCard(cols: BoardColumns, ref: CardRef | null): CardAt | null {
  if (!ref) return null;
  for (const status of TASK_STATUSES) {
    const index = cols[status].findIndex(c => c.projectId === ref.projectId && c.task.id === ref.taskId);
    if (index >= 0) return { status, index, card: cols[status][index]! };
  }
  return null;
}

/**
 * The card focus moves to from `at` on `key`: Up/Down/Home/End within the column (clamped), Left/Right to the
 * nearest non-empty column in that direction at the same row or its last card. Undefined for other keys or when
 * there is nowhere to go.
 */
export function nextCard(cols: BoardColumns, at: { status: TaskStatus; index: number }, key: string): BoardCard | undefined {
  const col = cols[at.status];
  switch (key) {
    case 'ArrowDown': return col[Math.min(col.length - 1, at.index + 1)];
    case 'ArrowUp': return col[Math.max(0, at.index - 1)];
    case 'Home': return col[0];
    case 'End': return col[col.length - 1];
    case 'ArrowLeft':
    case 'ArrowRight': {
      const dir = key === 'ArrowLeft' ? -1 : 1;
      for (let i = TASK_STATUSES.indexOf(at.status) + dir; i >= 0 && i < TASK_STATUSES.length; i += dir) {
        const other = cols[TASK_STATUSES[i]!];
        if (other.length) return other[Math.min(at.index, other.length - 1)];
      }
      return undefined;
    }
    default: return undefined;
  }
}
