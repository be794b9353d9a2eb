// Writers follow the same symlink rule as readers (see ../confinedFile.ts): a target is written only when its real
// location lies inside the project's real `.loki`. `.loki`, `queue/` or any folder on the way that is a link
// leading elsewhere is refused, so an add, pause or input can never land outside the project.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isInside } from '../confinedFile';
import { ControlError } from './controlError';

/**
 * The real path of `<lokiDir>/<relDir>`, checked to lie inside the project's real `.loki` (and that inside the
 * project folder). With `create` the folder is made first (inside the real `.loki`). Throws ControlError:
 * `no-loki` when `.loki` is missing, `outside-project` when a link leads out of the project.
 */
export async function writableDir(lokiDir: string, relDir = '', create = false): Promise<string> {
  const loki = path.resolve(lokiDir);
  const realProject = await fs.realpath(path.dirname(loki)).catch(() => null);
  const realLoki = await fs.realpath(loki).catch(() => null);
  const st = realLoki === null ? null : await fs.stat(realLoki).catch(() => null);
  if (realProject === null || realLoki === null || !st?.isDirectory()) {
    throw new ControlError('no-loki', `No .loki folder at ${lokiDir}: start a Loki session in this folder first.`);
  }
  if (!isInside(realLoki, realProject)) {
    throw new ControlError('outside-project', `${lokiDir} is a symbolic link that leads outside the project; refusing to write there.`);
  }
  if (relDir === '') return realLoki;
  const target = path.join(realLoki, relDir);
  if (create) {
    // mkdir step by step from the real `.loki`, so a link on the way is noticed before anything is created beyond it.
    let at = realLoki;
    for (const part of relDir.split(/[\\/]/).filter(Boolean)) {
      at = path.join(at, part);
      await fs.mkdir(at).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
      const realAt = await fs.realpath(at);
      if (!isInside(realAt, realLoki)) throw outside(lokiDir, relDir);
      at = realAt;
    }
  }
  const realTarget = await fs.realpath(target).catch(() => null);
  if (realTarget === null) throw new ControlError('no-loki', `No ${relDir} folder in ${lokiDir}.`);
  if (!isInside(realTarget, realLoki)) throw outside(lokiDir, relDir);
  return realTarget;
}

function outside(lokiDir: string, relDir: string): ControlError {
  return new ControlError('outside-project', `.loki/${relDir} in ${path.dirname(lokiDir)} is a symbolic link that leads outside the project's .loki; refusing to write there.`);
}
