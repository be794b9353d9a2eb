// Keyboard moves: Space lifts the focused card, Left/Right choose a column, Space drops, Escape cancels.
import { TASK_STATUSES } from '../../core/domain';
import type { TaskStatus } from '../../core/domain';
import { COLUMN_TITLES } from './boardModel';

/** Where a keyboard move is. */
export type KeyboardMoveState =
  | { mode: 'idle' }
  | { mode: 'lifted'; projectId: string; taskId: string; title: string; from: TaskStatus; over: TaskStatus };

/** The card that has focus, as the state machine needs it. */
export interface FocusedCard {
  projectId: string;
  taskId: string;
  title: string;
  status: TaskStatus;
  readOnly: boolean;
}

/** Keys the machine understands. */
export type MoveKey = 'Space' | 'ArrowLeft' | 'ArrowRight' | 'Escape';

/** Result of a key press: the next state, what to announce, and a move to perform on drop. */
export interface MoveStep {
  state: KeyboardMoveState;
  announce: string | null;
  move: { projectId: string; taskId: string; from: TaskStatus; to: TaskStatus } | null;
  /** The key was used (the caller prevents the default scroll/click). */
  handled: boolean;
}

/** The idle state. */
export const IDLE: KeyboardMoveState = { mode: 'idle' };

/** Advances the keyboard-move state machine. */
export function keyboardMove(state: KeyboardMoveState, key: MoveKey, focused: FocusedCard | null, canWrite: boolean): MoveStep {
  const none = (s: KeyboardMoveState = state): MoveStep => ({ state: s, announce: null, move: null, handled: false });
  if (state.mode === 'idle') {
    if (key !== 'Space' || !focused) return none();
    if (focused.readOnly) return { state, announce: `${focused.title} is managed by the runner and cannot be moved.`, move: null, handled: true };
    if (!canWrite) return { state, announce: 'Moving cards is disabled in Restricted Mode.', move: null, handled: true };
    return {
      state: { mode: 'lifted', projectId: focused.projectId, taskId: focused.taskId, title: focused.title, from: focused.status, over: focused.status },
      announce: `Lifted ${focused.title} in ${COLUMN_TITLES[focused.status]}. Use Left and Right arrows to choose a column, Space to drop, Escape to cancel.`,
      move: null,
      handled: true,
    };
  }
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const i = TASK_STATUSES.indexOf(state.over) + (key === 'ArrowLeft' ? -1 : 1);
      if (i < 0 || i >= TASK_STATUSES.length) return { state, announce: `${COLUMN_TITLES[state.over]} is the last column.`, move: null, handled: true };
      const over = TASK_STATUSES[i]!;
      return { state: { ...state, over }, announce: `Over ${COLUMN_TITLES[over]}.`, move: null, handled: true };
    }
    case 'Space': {
      if (state.over === state.from) return { state: IDLE, announce: `Dropped ${state.title} back in ${COLUMN_TITLES[state.from]}.`, move: null, handled: true };
      return {
        state: IDLE,
        announce: `Moved ${state.title} to ${COLUMN_TITLES[state.over]}.`,
        move: { projectId: state.projectId, taskId: state.taskId, from: state.from, to: state.over },
        handled: true,
      };
    }
    case 'Escape':
      return { state: IDLE, announce: `Move cancelled. ${state.title} stays in ${COLUMN_TITLES[state.from]}.`, move: null, handled: true };
  }
}

/** Maps a KeyboardEvent key to a machine key. */
export function toMoveKey(key: string): MoveKey | null {
  if (key === ' ' || key === 'Spacebar') return 'Space';
  if (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Escape') return key;
  return null;
}
