import { promises as fs } from 'node:fs';
import type { BytesRead, FileAccessor, FileStat, ReadFailure, TextRead } from '../fileAccess';

function failure(err: unknown): { ok: false; reason: ReadFailure; message: string } {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: 'file not found' };
  if (code === 'EISDIR') return { ok: false, reason: 'not-a-file', message: 'is a directory' };
  return { ok: false, reason: 'unreadable', message: `cannot read (${code ?? (err as Error)?.message ?? 'error'})` };
}

/** The production FileAccessor on node:fs. */
export class NodeFileAccessor implements FileAccessor {
  async readText(path: string, maxBytes: number): Promise<TextRead> {
    try {
      const st = await fs.stat(path);
      if (!st.isFile()) return { ok: false, reason: 'not-a-file', message: 'not a regular file' };
      if (st.size > maxBytes) return { ok: false, reason: 'too-large', message: `file is ${st.size} bytes, above the ${maxBytes}-byte limit` };
      // Size from the bytes read, not Buffer.byteLength(text): re-encoding a 3 MB queue costs more than reading it.
      const bytes = await fs.readFile(path);
      return { ok: true, text: bytes.toString('utf8'), size: bytes.length, mtimeMs: st.mtimeMs };
    } catch (err) {
      return failure(err);
    }
  }

  async readBytes(path: string, offset: number, maxBytes: number): Promise<BytesRead> {
    let fh: fs.FileHandle | undefined;
    try {
      fh = await fs.open(path, 'r');
      const st = await fh.stat();
      if (!st.isFile()) return { ok: false, reason: 'not-a-file', message: 'not a regular file' };
      const len = Math.max(0, Math.min(maxBytes, st.size - offset));
      const buf = Buffer.alloc(len);
      const { bytesRead } = len > 0 ? await fh.read(buf, 0, len, offset) : { bytesRead: 0 };
      return { ok: true, bytes: buf.subarray(0, bytesRead), size: st.size, mtimeMs: st.mtimeMs };
    } catch (err) {
      return failure(err);
    } finally {
      await fh?.close().catch(() => undefined);
    }
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const st = await fs.lstat(path);
      return { size: st.size, mtimeMs: st.mtimeMs, isFile: st.isFile(), isDirectory: st.isDirectory(), isSymbolicLink: st.isSymbolicLink() };
    } catch {
      return null;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await fs.readdir(dir);
    } catch {
      return [];
    }
  }
}
