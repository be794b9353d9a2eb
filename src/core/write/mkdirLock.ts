// The runner's mkdir mutex (autonomy/lib/lock.sh `safe_acquire_lock`): the lock for target T is the directory
// `T.lockdir` holding `owner.pid`. The fixtures' inotify traces show exactly this for `queue/.in-progress.lock`:
// CREATE,ISDIR `.in-progress.lock.lockdir`, CREATE `owner.pid`, ... DELETE `owner.pid`, DELETE,ISDIR.
// We speak the same protocol so our queue writes and the runner's never interleave.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPidAlive } from '../liveness';
import { ControlError } from './control';

/** Tuning of a lock acquisition. */
export interface MkdirLockOptions {
  /** Give up after this long (default 10 s; the runner waits 5 s). */
  timeoutMs?: number;
  /** A lock older than this whose owner is gone is broken (default 30 s, as the runner does). */
  staleMs?: number;
  /** Liveness check for the `owner.pid` sentinel; default `process.kill(pid, 0)`. */
  isPidAlive?: (pid: number) => boolean;
}

/** A held lock. */
export interface MkdirLock {
  /** The lock directory. */
  readonly dir: string;
  /** Removes the lock directory; idempotent. */
  release(): Promise<void>;
}

/** The directory that represents the lock on `target` (`<target>.lockdir`, as lock.sh names it). */
export function lockDirFor(target: string): string {
  return `${target}.lockdir`;
}

const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms));

/**
 * Acquires the mkdir mutex on `target`, retrying with a short growing backoff. A lock older than `staleMs`
 * whose sentinel pid is dead (or that has no sentinel) is broken, as lock.sh does.
 * Throws ControlError('locked') on timeout.
 */
export async function acquireMkdirLock(target: string, opts: MkdirLockOptions = {}): Promise<MkdirLock> {
  const dir = lockDirFor(target);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  const alive = opts.isPidAlive ?? isPidAlive;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(dir);
      // The sentinel lets another process tell a live holder from a crashed one.
      await fs.writeFile(path.join(dir, 'owner.pid'), `${process.pid}\n`).catch(() => undefined);
      return { dir, release: () => releaseDir(dir) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(dir, staleMs, alive)) {
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ControlError('locked', `Could not acquire ${path.basename(dir)} within ${Math.round(timeoutMs / 1000)} s: another writer holds it.`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 1.5, 100);
  }
}

/** Runs `fn` while holding the lock on `target`, releasing it whatever happens. */
export async function withMkdirLock<T>(target: string, fn: () => Promise<T>, opts?: MkdirLockOptions): Promise<T> {
  const lock = await acquireMkdirLock(target, opts);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

async function isStale(dir: string, staleMs: number, alive: (pid: number) => boolean): Promise<boolean> {
  let st;
  try {
    st = await fs.stat(dir);
  } catch {
    return false; // vanished: the next mkdir will tell
  }
  if (Date.now() - st.mtimeMs <= staleMs) return false;
  const owner = await fs.readFile(path.join(dir, 'owner.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(owner.trim(), 10);
  return !(Number.isInteger(pid) && pid > 0 && alive(pid));
}

async function releaseDir(dir: string): Promise<void> {
  await fs.rm(path.join(dir, 'owner.pid'), { force: true }).catch(() => undefined);
  await fs.rmdir(dir).catch(() => undefined);
}
