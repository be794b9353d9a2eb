// Pure rules about sessions (no vscode import) shared by actions, trees, the status bar and notifications.
import type { Session, SessionStatus } from '../core/domain';

/** Session statuses in which a runner is (or is about to be) at work. */
const ACTIVE: readonly SessionStatus[] = ['starting', 'running', 'paused', 'stopping'];

/** Statuses that end a session. */
export const ENDED: readonly SessionStatus[] = ['stopped', 'completed', 'failed'];

/** True when a runner is alive for this session, or the files say it is still at work. */
export function isSessionActive(s: Session | undefined): boolean {
  if (!s) return false;
  return s.alive || ACTIVE.includes(s.status);
}

/** The tree/menu state of a project: drives `project:<state>` context values and the status bar. */
export type ProjectRunState = 'running' | 'paused' | 'idle';

export function runState(s: Session | undefined): ProjectRunState {
  if (!s || !isSessionActive(s)) return 'idle';
  if (s.status === 'paused' || s.control.pause || s.mode === 'paused') return 'paused';
  return 'running';
}

/**
 * A perpetual run auto-deletes PAUSE (contract §4.1). Perpetual is the bash runner's default unless a PRD switched
 * it to checkpoint; the Bun runner defaults to checkpoint.
 */
export function isPerpetual(s: Session): boolean {
  if (s.autonomyMode) return s.autonomyMode === 'perpetual';
  if (s.runner === 'bun') return false;
  return !s.prdPath;
}

/** Alive, but nothing written for `staleMs`: the runner may be hung or waiting on a long provider call. */
export function isStale(s: Session, now: number, staleMs = 60_000): boolean {
  return s.alive && s.lastWriteAt !== null && now - s.lastWriteAt > staleMs;
}
