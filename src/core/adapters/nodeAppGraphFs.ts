import { promises as fs } from 'node:fs';
import type { AppGraphFs } from '../apps/appGraph';

/** Largest manifest read; app.json is a few hundred bytes. */
const MAX_MANIFEST_BYTES = 256 * 1024;

/** The production AppGraphFs on node:fs (follows symlinks, never throws). */
export const nodeAppGraphFs: AppGraphFs = {
  async readText(file) {
    try {
      const st = await fs.stat(file);
      if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return null;
      return await fs.readFile(file, 'utf8');
    } catch {
      return null;
    }
  },
  async isDirectory(dir) {
    return (await fs.stat(dir).catch(() => null))?.isDirectory() ?? false;
  },
  async list(dir) {
    return fs.readdir(dir).catch(() => []);
  },
  async realpath(p) {
    return fs.realpath(p).catch(() => p);
  },
};
