// Atomic file replacement the way the runner does it: write a sibling temp file, fsync, rename over the target.
// Readers (the runner, our own watcher) therefore never see a half-written file.
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Name of the temp sibling used for `file`: `<file>.tmp.<pid>.<rand>` (matches the residue filter, so watchers skip it). */
export function tempPathFor(file: string): string {
  return `${file}.tmp.${process.pid}.${randomInt(0, 1_000_000_000)}`;
}

/**
 * Writes `data` to `file` atomically: temp file in the same directory (so rename never crosses a filesystem),
 * fsync, then rename. If `file` is a symlink the link itself is replaced, never followed.
 * The temp file is removed when anything fails.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: { mode?: number } = {}): Promise<void> {
  const tmp = tempPathFor(file);
  let fh: fs.FileHandle | undefined;
  try {
    // 'wx' refuses to reuse an existing path, so a planted symlink at the temp name cannot redirect the write.
    fh = await fs.open(tmp, 'wx', opts.mode ?? 0o644);
    await fh.writeFile(data);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, file);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** Best-effort fsync of a directory so the rename itself is durable; not supported everywhere (Windows), hence the catch. */
async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // Directory fsync is an optimisation for crash durability, not needed for correctness between processes.
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
