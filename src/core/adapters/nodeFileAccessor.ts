import { promises as fs } from 'node:fs';
import { readConfined, readConfinedText, resolveConfined } from '../confinedFile';
import type { BytesRead, FileAccessor, FileStat, TextRead } from '../fileAccess';

/**
 * The production FileAccessor on node:fs. Every read follows the one symlink rule of `confinedFile.ts` (links are
 * followed only when they resolve inside the project), opens with O_NOFOLLOW|O_NONBLOCK, checks the type on the
 * opened handle and has a time limit, so a FIFO, a link to `/etc/passwd` or a hung mount cannot stall or leak.
 */
export class NodeFileAccessor implements FileAccessor {
  constructor(private readonly opts: { readTimeoutMs?: number } = {}) {}

  async readText(path: string, maxBytes: number): Promise<TextRead> {
    return readConfinedText(path, maxBytes, this.opts.readTimeoutMs);
  }

  async readWholeBytes(path: string, maxBytes: number): Promise<BytesRead> {
    return readConfined(path, { maxBytes, whole: true, timeoutMs: this.opts.readTimeoutMs });
  }

  async readBytes(path: string, offset: number, maxBytes: number): Promise<BytesRead> {
    return readConfined(path, { offset, maxBytes, whole: false, timeoutMs: this.opts.readTimeoutMs });
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const st = await fs.lstat(path);
      const out: FileStat = { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory(), isSymbolicLink: st.isSymbolicLink() };
      if (!out.isSymbolicLink) return out;
      const target = await resolveConfined(path);
      if (!target.ok) return out;
      const real = await fs.stat(target.real);
      return { ...out, size: real.size, mtimeMs: real.mtimeMs, isFile: real.isFile(), isDirectory: real.isDirectory() };
    } catch {
      return null;
    }
  }

  async list(dir: string): Promise<string[]> {
    // A listing names files, so a directory link leading outside the project is not listed either.
    const target = await resolveConfined(dir);
    if (!target.ok) return [];
    try {
      return await fs.readdir(target.real);
    } catch {
      return [];
    }
  }
}
