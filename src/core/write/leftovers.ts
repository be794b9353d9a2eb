// What a writer killed mid-write leaves behind: `<file>.tmp.<pid>.<rand>` temp files (atomicWrite) and
// `*.broken.<pid>.<rand>.lockdir` graves of broken locks. Readers ignore both (residue), but they pile up across
// crashes; the first write into a folder in each process removes those whose writing process is gone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPidAlive as defaultIsPidAlive } from '../liveness';

const TEMP_RE = /\.tmp\.(\d+)(?:\.\d+)?$/;
const GRAVE_RE = /\.broken\.(\d+)\.\d+\.lockdir$/;

const cleaned = new Set<string>();

/**
 * Removes temp files and lock graves in `dir` whose pid (from the name) is not a live process, ours excepted.
 * Returns how many entries were removed. Never throws.
 */
export async function removeWriteLeftovers(dir: string, isPidAlive: (pid: number) => boolean = defaultIsPidAlive): Promise<number> {
  let removed = 0;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMP_RE.exec(name) ?? GRAVE_RE.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    if (!m || pid === process.pid || isPidAlive(pid)) continue;
    const ok = await fs.rm(path.join(dir, name), { recursive: true, force: true }).then(() => true, () => false);
    if (ok) removed++;
  }
  return removed;
}

/** {@link removeWriteLeftovers} once per folder per process (called before the first write into it). */
export async function removeWriteLeftoversOnce(dir: string): Promise<void> {
  if (cleaned.has(dir)) return;
  cleaned.add(dir);
  await removeWriteLeftovers(dir);
}
