import type { Disposable } from './disposable';

/**
 * Why a read failed. `missing` is normal (the Bun runner writes far fewer files). `outside-project`: a symbolic link
 * whose target lies outside the project folder (see `confinedFile.ts` for the one symlink rule).
 */
export type ReadFailure = 'missing' | 'too-large' | 'unreadable' | 'not-a-file' | 'outside-project';

/** Result of reading a whole text file. */
export type TextRead =
  | { ok: true; text: string; size: number; mtimeMs: number }
  | { ok: false; reason: ReadFailure; message: string };

/** Result of reading a byte range (incremental tails). */
export type BytesRead =
  | { ok: true; bytes: Uint8Array; size: number; mtimeMs: number }
  | { ok: false; reason: ReadFailure; message: string };

/**
 * File metadata the core needs. `isSymbolicLink` is from lstat; a link that resolves inside the project reports its
 * target's type (`isFile`/`isDirectory`), any other link neither.
 */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

/** Narrow disk access for the core (the hexeditor `FileAccessor` idea): tests can pass a fake. All paths are absolute. */
export interface FileAccessor {
  /** Reads a whole file as UTF-8; refuses files above `maxBytes` with `too-large`. */
  readText(path: string, maxBytes: number): Promise<TextRead>;
  /** Reads a whole file's bytes without decoding them; refuses files above `maxBytes` with `too-large`. */
  readWholeBytes(path: string, maxBytes: number): Promise<BytesRead>;
  /** Reads up to `maxBytes` bytes starting at `offset`. */
  readBytes(path: string, offset: number, maxBytes: number): Promise<BytesRead>;
  /** lstat; null when the path does not exist or cannot be stat'ed. */
  stat(path: string): Promise<FileStat | null>;
  /** Entry names of a directory; [] when it does not exist or cannot be read. */
  list(dir: string): Promise<string[]>;
}

/** Watches one directory tree and reports absolute paths of files added, changed or removed (the watched dir itself included). */
export interface DirWatcher {
  watch(dir: string, onChange: (absPath: string) => void, onError: (err: Error) => void): Disposable;
}
