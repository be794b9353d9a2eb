import type { Disposable } from '../../core/disposable';

/** Runs `fn` at most once per `ms`, trailing: a burst of file changes becomes one tree refresh. */
export function throttle(fn: () => void, ms: number): { (): void } & Disposable {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const run = (): void => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const call = (): void => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(run, wait);
  };
  return Object.assign(call, { dispose: () => clearTimeout(timer) });
}
