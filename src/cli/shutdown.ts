// How long-running commands (`watch`, `serve`) end: on SIGINT/SIGTERM they dispose what they opened, within a
// bounded wait, and the process exits with the command's code even if a handle outlives its close (a chokidar
// FSWatcher whose close raced an in-flight add once kept `watch` alive for minutes).
import type { Disposable } from '../core/disposable';

/** Longest wait for a command's teardown, and then for the process to end on its own, before it is ended. */
export const SHUTDOWN_GRACE_MS = 3000;

/** Resolves on the first SIGINT or SIGTERM; `dispose` removes the listeners (then a second Ctrl-C ends the process at once). */
export function stopSignal(): { stopped: Promise<NodeJS.Signals>; sub: Disposable } {
  let onSignal: (s: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>(resolve => (onSignal = resolve));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { stopped, sub: { dispose: () => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); } } };
}

/** Waits for `work` at most `ms`; a teardown that hangs (or fails) never keeps the command from returning its code. */
export async function settleWithin(work: Promise<unknown>, ms: number, onLate: () => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>(resolve => { timer = setTimeout(() => resolve('late'), ms); });
  const outcome = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') onLate();
}

/**
 * Sets the exit code and lets the process end on its own (so buffered output drains); if some handle still holds
 * the event loop open after `graceMs`, exits explicitly with that code.
 */
export function exitWith(code: number, graceMs = SHUTDOWN_GRACE_MS): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), graceMs).unref();
}
