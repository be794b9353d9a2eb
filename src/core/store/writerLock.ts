import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPidAlive } from '../liveness';

/** The lock file that names the one process allowed to write `file`. */
export const writerLockPath = (file: string): string => `${file}.lock`;

/** Outcome of trying to become the writer of a database file. */
export type WriterLockResult =
  | { held: true; release: () => Promise<void> }
  | { held: false; ownerPid: number | null };

let counter = 0;

/**
 * Becomes the only writer of `file` for as long as the returned lock is held: `<file>.lock` holds the owner's
 * pid and a token unique to this holder. The file is created with a hard link, so it never exists half-written and
 * two openers can never both create it. A lock whose pid is gone (a crashed window) is taken over. Another store
 * in the same process counts as a live owner too, so a second `Store.open` on one file never writes.
 */
export async function acquireWriterLock(file: string, alive: (pid: number) => boolean = isPidAlive): Promise<WriterLockResult> {
  const lock = writerLockPath(file);
  const token = `${process.pid} ${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}\n`;
  const tmp = `${lock}.${process.pid}.${counter}`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(tmp, token);
  } catch {
    // The folder cannot be written, so nobody can save there: open as the writer and let the saver report it.
    return { held: true, release: () => Promise.resolve() };
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await createExclusive(tmp, lock, token)) return { held: true, release: () => releaseIfOurs(lock, token) };
      const owner = await readOwner(lock);
      if (owner === 'unknown' || (owner !== null && alive(owner))) return { held: false, ownerPid: typeof owner === 'number' ? owner : null };
      // The owner is gone: take the stale lock over (unlink, then create again; a racing opener's create fails).
      await fs.rm(lock, { force: true });
    }
    const owner = await readOwner(lock);
    return { held: false, ownerPid: typeof owner === 'number' ? owner : null };
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Creates `lock` holding `token` unless it exists: a hard link (never half-written), else an exclusive create. */
async function createExclusive(tmp: string, lock: string, token: string): Promise<boolean> {
  try {
    await fs.link(tmp, lock);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
  }
  // File systems without hard links (FAT, some network shares).
  try {
    await fs.writeFile(lock, token, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** The owner's pid; null when the lock is gone or garbage; 'unknown' while an exclusive create is still writing it. */
async function readOwner(lock: string): Promise<number | null | 'unknown'> {
  let text: string;
  try {
    text = await fs.readFile(lock, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.split(' ')[0]);
  if (Number.isInteger(pid) && pid > 0) return pid;
  const st = await fs.stat(lock).catch(() => null);
  return st && text === '' && Date.now() - st.mtimeMs < 10_000 ? 'unknown' : null;
}

async function releaseIfOurs(lock: string, token: string): Promise<void> {
  // A lock that a later opener took over (we were thought dead) is theirs now: leave it alone.
  const text = await fs.readFile(lock, 'utf8').catch(() => null);
  if (text === token) await fs.rm(lock, { force: true });
}
