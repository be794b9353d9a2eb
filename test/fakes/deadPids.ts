import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Linux never hands out a pid at or above 2^22 (PID_MAX_LIMIT); such a pid is dead on every machine. */
export const FIRST_IMPOSSIBLE_PID = 4_194_304;

/**
 * Rewrites every pid a liveness check reads in a copied `.loki` tree (`loki.pid`, `sessions/<id>/loki.pid`,
 * `pids/<pid>.json`) to pids no process can hold, so a test that expects "no live runner" does not depend on
 * whatever process happens to hold the runner's old pid on this machine.
 */
export async function killFixturePids(lokiDir: string): Promise<void> {
  let next = FIRST_IMPOSSIBLE_PID;
  const pidFiles = [path.join(lokiDir, 'loki.pid')];
  for (const id of await fs.readdir(path.join(lokiDir, 'sessions')).catch(() => [] as string[])) pidFiles.push(path.join(lokiDir, 'sessions', id, 'loki.pid'));
  for (const file of pidFiles) {
    if (await fs.stat(file).catch(() => null)) await fs.writeFile(file, `${next++}\n`);
  }
  const pidsDir = path.join(lokiDir, 'pids');
  for (const name of await fs.readdir(pidsDir).catch(() => [] as string[])) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(pidsDir, name);
    const record = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    const pid = next++;
    await fs.writeFile(path.join(pidsDir, `${pid}.json`), JSON.stringify({ ...record, pid }));
    await fs.rm(file);
  }
}
