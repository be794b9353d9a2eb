// The one symlink rule, shared by every reader and writer of `.loki`:
//   a path is followed only when its real location (all symlinks resolved) lies inside the project folder, the
//   folder that holds `.loki`. Anything else is refused and reported by name, never by content.
// Files are opened with O_NOFOLLOW|O_NONBLOCK and their type is checked on the opened handle, so a FIFO or a link
// swapped in after the check cannot block or redirect the read; every read has a time limit.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { ReadFailure } from './fileAccess';

/** Reads slower than this are abandoned and reported (a hung network or FUSE mount must not stall a project). */
export const READ_TIMEOUT_MS = 5000;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** A failed confined read; `message` names what is wrong, never what the file holds. */
export interface ConfinedFailure {
  ok: false;
  reason: ReadFailure;
  message: string;
}

/** Bytes of a regular file read inside the project. */
export interface ConfinedBytes {
  ok: true;
  bytes: Buffer;
  size: number;
  mtimeMs: number;
}

/** True when `child` is `root` or lies below it (both absolute and normalised). */
export function isInside(child: string, root: string): boolean {
  return child === root || child.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The folder a path is confined to: the parent of its last `.loki` segment; null when the path has none. */
export function confinementRoot(p: string): string | null {
  const parts = path.resolve(p).split(path.sep);
  const i = parts.lastIndexOf('.loki');
  if (i < 1) return null;
  return parts.slice(0, i).join(path.sep) || path.sep;
}

const fail = (reason: ReadFailure, message: string): ConfinedFailure => ({ ok: false, reason, message });

const OUTSIDE = 'is a symbolic link that leads outside the project; not followed';

function failureOf(err: unknown): ConfinedFailure {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing', 'file not found');
  if (code === 'EISDIR') return fail('not-a-file', 'is a directory');
  if (code === 'ELOOP') return fail('unreadable', 'is a symbolic link loop or was replaced by a link while being read; not followed');
  return fail('unreadable', `cannot read (${code ?? 'error'})`);
}

/**
 * Resolves `p` under the symlink rule: its real path when it exists and lies inside its project, else a failure
 * (`missing`, or `outside-project` for a link leading elsewhere). Paths without a `.loki` segment are not confined.
 */
export async function resolveConfined(p: string): Promise<{ ok: true; real: string; root: string | null } | ConfinedFailure> {
  const root = confinementRoot(p);
  try {
    const real = await fs.realpath(p);
    if (root === null) return { ok: true, real, root: null };
    const realRoot = await fs.realpath(root);
    return isInside(real, realRoot) ? { ok: true, real, root: realRoot } : fail('outside-project', OUTSIDE);
  } catch (err) {
    return failureOf(err);
  }
}

function typeName(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device or other special file';
}

/**
 * Reads up to `maxBytes` bytes of the regular file `p` from `offset` under the symlink rule. With `whole`, a file
 * larger than `maxBytes` fails as `too-large` instead of being cut. Never throws, never blocks past `timeoutMs`.
 */
export async function readConfined(p: string, opts: { offset?: number; maxBytes: number; whole: boolean; timeoutMs?: number }): Promise<ConfinedBytes | ConfinedFailure> {
  const timeoutMs = opts.timeoutMs ?? READ_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const work = readOnce(p, opts);
  const timeout = new Promise<ConfinedFailure>(resolve => {
    timer = setTimeout(() => resolve(fail('unreadable', `read did not finish within ${Math.round(timeoutMs / 100) / 10} s; will retry on the next change`)), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readOnce(p: string, opts: { offset?: number; maxBytes: number; whole: boolean }): Promise<ConfinedBytes | ConfinedFailure> {
  const resolved = await resolveConfined(p);
  if (!resolved.ok) return resolved;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(resolved.real, OPEN_FLAGS);
    // A directory link swapped in between realpath and open would slip past O_NOFOLLOW (it guards only the last
    // component); where the kernel can name the opened file, check that name too.
    if (resolved.root !== null && process.platform === 'linux') {
      const opened = await fs.readlink(`/proc/self/fd/${fh.fd}`).catch(() => null);
      if (opened !== null && !isInside(opened, resolved.root)) return fail('outside-project', OUTSIDE);
    }
    const st = await fh.stat();
    if (st.isDirectory()) return fail('not-a-file', 'is a directory');
    if (!st.isFile()) return fail('unreadable', `is ${typeName(st)}, not a regular file; not read`);
    if (opts.whole && st.size > opts.maxBytes) return fail('too-large', `file is ${st.size} bytes, above the ${opts.maxBytes}-byte limit`);
    const offset = opts.offset ?? 0;
    const len = Math.max(0, Math.min(opts.maxBytes, st.size - offset));
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await fh.read(buf, got, len - got, offset + got);
      if (bytesRead === 0) break; // truncated while we read: what we have is what there is
      got += bytesRead;
    }
    return { ok: true, bytes: buf.subarray(0, got), size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    return failureOf(err);
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Reads a whole regular file as UTF-8 under the symlink rule (invalid UTF-8 becomes U+FFFD, as readFile does). */
export async function readConfinedText(p: string, maxBytes: number, timeoutMs?: number): Promise<{ ok: true; text: string; size: number; mtimeMs: number } | ConfinedFailure> {
  const r = await readConfined(p, { maxBytes, whole: true, timeoutMs });
  if (!r.ok) return r;
  return { ok: true, text: r.bytes.toString('utf8'), size: r.bytes.length, mtimeMs: r.mtimeMs };
}
