// The runner's mkdir mutex (autonomy/lib/lock.sh `safe_acquire_lock`): the lock for target T is the directory
// `T.lockdir` holding `owner.pid`. The fixtures' inotify traces show exactly this for `queue/.in-progress.lock`:
// CREATE,ISDIR `.in-progress.lock.lockdir`, CREATE `owner.pid`, ... DELETE `owner.pid`, DELETE,ISDIR.
// We speak the same protocol so our queue writes and the runner's never interleave.
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPidAlive } from '../liveness';
import { ControlError } from './control';

/** Tuning of a lock acquisition. */
export interface MkdirLockOptions {
  /** Give up after this long (default 10 s; the runner waits 5 s). */
  timeoutMs?: number;
  /** A lock without a readable sentinel is broken once it is this old (default {@link NO_SENTINEL_STALE_MS}). */
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

/** A lock directory without a readable `owner.pid` this old is abandoned (a holder writes it right after mkdir). */
export const NO_SENTINEL_STALE_MS = 2000;

const PROCESS_STARTED_AT = Date.now() - process.uptime() * 1000;

/** Locks this process holds (dir → inode): a sentinel naming our own pid that is not here was left by a reused pid. */
const held = new Map<string, number>();
/** In-process serialisation of stale checks per lock, so concurrent writers of one process never judge the same lock twice. */
const breaking = new Map<string, Promise<boolean>>();

/**
 * Acquires the mkdir mutex on `target`, retrying with a short growing backoff. A stale lock is broken under the
 * break guard (`<target>.break.lockdir`, one breaker at a time): the guard holder re-checks that the lock is still the
 * one it judged and renames it to a unique `*.broken.<pid>.<rand>.lockdir` grave; mkdir then decides who holds it.
 * Stale means: the sentinel names a dead local pid (broken at once), or there is no readable sentinel for
 * {@link NO_SENTINEL_STALE_MS}.
 * Throws ControlError('locked') on timeout.
 */
export async function acquireMkdirLock(target: string, opts: MkdirLockOptions = {}): Promise<MkdirLock> {
  const dir = lockDirFor(target);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? NO_SENTINEL_STALE_MS;
  const alive = opts.isPidAlive ?? isPidAlive;
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  await fs.mkdir(path.dirname(dir), { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(dir);
      // Marked held before the sentinel names our pid: a sentinel with our pid on a lock we do not hold reads as stale.
      const st = await fs.stat(dir).catch(() => null);
      if (!st) continue; // moved away by a writer outside this protocol before we saw it: not ours
      const ino = st.ino;
      held.set(dir, ino);
      // The sentinel lets another process tell a live holder from a crashed one.
      await fs.writeFile(path.join(dir, 'owner.pid'), `${process.pid}\n`).catch(() => undefined);
      return { dir, release: () => releaseDir(dir, ino) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await breakIfStale(dir, staleMs, alive)) continue;
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

/**
 * Runs `fn` while holding the locks of all `targets`, taken one after the other in sorted order (two callers of this
 * never wait on each other) and released in reverse; a timeout on any releases the ones taken and throws.
 */
export async function withMkdirLocks<T>(targets: readonly string[], fn: () => Promise<T>, opts?: MkdirLockOptions): Promise<T> {
  const taken: MkdirLock[] = [];
  try {
    for (const target of [...new Set(targets)].sort()) taken.push(await acquireMkdirLock(target, opts));
    return await fn();
  } finally {
    for (const lock of taken.reverse()) await lock.release();
  }
}

/** True when the caller should retry mkdir at once (the lock was broken or vanished). */
function breakIfStale(dir: string, staleMs: number, alive: (pid: number) => boolean): Promise<boolean> {
  const prev = breaking.get(dir) ?? Promise.resolve(false);
  const run = prev.then(() => breakOnce(dir, staleMs, alive), () => breakOnce(dir, staleMs, alive));
  breaking.set(dir, run);
  void run.finally(() => { if (breaking.get(dir) === run) breaking.delete(dir); });
  return run;
}

async function breakOnce(dir: string, staleMs: number, alive: (pid: number) => boolean): Promise<boolean> {
  const st = await fs.stat(dir).catch(() => null);
  if (!st) return true; // released meanwhile: mkdir again
  if (held.get(dir) === st.ino) return false; // ours, held by another call in this process
  if (!(await isStale(dir, st.mtimeMs, staleMs, alive))) return false;
  // Judging and moving are two steps, so two breakers could both judge one dead lock stale; the second would then
  // move the live lock a writer took after the first break. The break guard lets one breaker at a time re-judge the
  // lock and move it; a dead holder never releases, so the lock it judged is the one it moves.
  const guard = await takeBreakGuard(dir, staleMs, alive);
  if (!guard) return false;
  try {
    const again = await fs.stat(dir).catch(() => null);
    if (!again) return true;
    if (again.ino !== st.ino || !(await isStale(dir, again.mtimeMs, staleMs, alive))) return false;
    const grave = graveFor(dir);
    try {
      await fs.rename(dir, grave);
    } catch {
      return true; // released or broken by a writer outside this protocol
    }
    const moved = await fs.stat(grave).catch(() => null);
    if (moved && moved.ino !== again.ino) {
      // Only a writer outside this protocol (e.g. the runner's own 30 s reaper) can swap the lock in this window:
      // hand its fresh lock back when the name is still free rather than leave it held by nobody.
      if (!(await fs.stat(dir).catch(() => null))) await fs.rename(grave, dir).catch(() => undefined);
      return false;
    }
    await fs.rm(grave, { recursive: true, force: true }).catch(() => undefined);
    return true;
  } finally {
    await guard.release();
  }
}

/** A lock breaker holds its guard for a few file operations; one this old was left by a breaker that died. */
export const BREAK_GUARD_STALE_MS = 5000;

/** The guard directory breakers of `dir` take (`<target>.break.lockdir`: residue to readers, like every lockdir). */
export function breakGuardFor(dir: string): string {
  return `${dir.slice(0, -'.lockdir'.length)}.break.lockdir`;
}

function graveFor(dir: string): string {
  return `${dir.slice(0, -'.lockdir'.length)}.broken.${process.pid}.${randomInt(0, 1_000_000_000)}.lockdir`;
}

/** Takes the break guard of `dir`, or returns null (held by a live breaker, or a dead one's guard was just cleared). */
async function takeBreakGuard(dir: string, staleMs: number, alive: (pid: number) => boolean): Promise<MkdirLock | null> {
  const guard = breakGuardFor(dir);
  try {
    await fs.mkdir(guard);
    const st = await fs.stat(guard).catch(() => null);
    if (!st) return null;
    await fs.writeFile(path.join(guard, 'owner.pid'), `${process.pid}\n`).catch(() => undefined);
    return { dir: guard, release: () => releaseDir(guard, st.ino) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  const st = await fs.stat(guard).catch(() => null);
  if (!st) return null;
  const abandoned = Date.now() - st.mtimeMs > BREAK_GUARD_STALE_MS || (await isStale(guard, st.mtimeMs, staleMs, alive));
  if (abandoned) {
    // Moved to a grave, never put back: at worst a live breaker loses its guard, which only reopens the window above.
    const grave = graveFor(guard);
    if (await fs.rename(guard, grave).then(() => true, () => false)) await fs.rm(grave, { recursive: true, force: true }).catch(() => undefined);
  }
  return null;
}

async function isStale(dir: string, mtimeMs: number, staleMs: number, alive: (pid: number) => boolean): Promise<boolean> {
  const owner = await fs.readFile(path.join(dir, 'owner.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(owner.trim(), 10);
  if (!(Number.isInteger(pid) && pid > 0)) return Date.now() - mtimeMs > staleMs;
  // Our own pid on a lock older than this process: a previous process with the same pid (containers restart as
  // pid 1) crashed holding it. A younger one is ours, being taken or released by another call right now.
  if (pid === process.pid) return mtimeMs < PROCESS_STARTED_AT - 1000;
  return !alive(pid);
}

async function releaseDir(dir: string, ino: number): Promise<void> {
  if (held.get(dir) === ino) held.delete(dir);
  const st = await fs.stat(dir).catch(() => null);
  if (st?.ino !== ino) return; // not ours any more: never remove another writer's lock
  await fs.rm(path.join(dir, 'owner.pid'), { force: true }).catch(() => undefined);
  await fs.rmdir(dir).catch(() => undefined);
}
