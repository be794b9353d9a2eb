import type { FileAccessor } from '../fileAccess';

/** Options shared by {@link TextTail} and {@link RotatingTail}. */
export interface TailOptions {
  /** On the first read (and after a reset) start this many bytes before the end. Default 256 KiB. */
  initialTailBytes?: number;
  /** Most bytes one `read()` takes from disk. Default 4 MiB. */
  maxChunkBytes?: number;
  /** Longest line kept; a longer one is cut (with {@link TRUNCATED_MARK}) and its rest skipped. Default `maxChunkBytes`. */
  maxLineChars?: number;
}

/** What one `read()` produced: complete lines only, and whether continuity was lost (truncation/replacement). */
export interface TailRead {
  lines: string[];
  /** True when the file shrank or disappeared: lines may have been missed or may repeat. */
  reset: boolean;
}

const DEFAULT_TAIL = 256 * 1024;
const DEFAULT_CHUNK = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
/** Appended to a line that was cut at the length cap, so the reader sees that text is missing. */
export const TRUNCATED_MARK = ' …[line truncated]';

/**
 * Turns byte chunks into complete lines: keeps the unfinished last line until its newline arrives, decodes UTF-8
 * across chunk boundaries (a multi-byte character split between two reads stays whole), and can discard bytes up to
 * the next newline (a partial first line when starting mid-file, or the rest of an over-long line).
 */
class LineSplitter {
  private decoder = new TextDecoder('utf-8');
  private partial = '';
  private discarding = false;

  constructor(private readonly maxLineChars: number) {}

  /** Start over, optionally dropping everything up to the first newline. */
  reset(discardFirstLine: boolean): void {
    this.decoder = new TextDecoder('utf-8');
    this.partial = '';
    this.discarding = discardFirstLine;
  }

  push(bytes: Uint8Array, out: string[]): void {
    let chunk = bytes;
    if (this.discarding) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) return;
      this.discarding = false;
      chunk = chunk.subarray(nl + 1);
    }
    const text = this.partial + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) out.push(stripCr(line));
    if (this.partial.length > this.maxLineChars) {
      // A runaway line (e.g. a stream-json tool_result holding a whole file) must not grow without bound.
      out.push(this.partial.slice(0, this.maxLineChars) + TRUNCATED_MARK);
      this.reset(true);
    }
  }

  /** Emits the unfinished last line, if any (used when a rotated file will never grow again). */
  flush(out: string[]): void {
    const rest = this.partial + this.decoder.decode();
    if (rest !== '' && !this.discarding) out.push(stripCr(rest));
    this.reset(false);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Incremental reader of one growing text file by byte offset (logs, iter-output). The first read starts
 * `initialTailBytes` before the end (skipping the partial first line); later reads return only what was appended.
 * Truncation, replacement by a smaller file, or deletion is reported once as `reset: true`, after which reading
 * restarts with the same tail rule. (A replacement by an equal or larger file cannot be told from growth: the
 * accessor exposes no inode.) One read takes at most `maxChunkBytes`; {@link hasMore} says whether more waits.
 * Never throws: unreadable files read as "nothing new".
 */
export class TextTail {
  private pos = -1;
  private more = false;
  private lostFile = false;
  private readonly splitter: LineSplitter;
  private readonly tailBytes: number;
  private readonly chunk: number;

  constructor(
    private readonly files: FileAccessor,
    private readonly absPath: string,
    opts: TailOptions = {},
  ) {
    this.tailBytes = positive(opts.initialTailBytes, DEFAULT_TAIL);
    this.chunk = Math.max(1, Math.floor(positive(opts.maxChunkBytes, DEFAULT_CHUNK)));
    this.splitter = new LineSplitter(Math.floor(positive(opts.maxLineChars, this.chunk)));
  }

  /** Byte position the next read continues from (-1 before the first successful read). */
  get offset(): number {
    return this.pos;
  }

  /** True when the last read stopped at `maxChunkBytes` and more bytes are already on disk. */
  get hasMore(): boolean {
    return this.more;
  }

  /** Reads what was appended since the last call. */
  async read(): Promise<TailRead> {
    const lines: string[] = [];
    this.more = false;
    const st = await this.files.stat(this.absPath).catch(() => null);
    if (!st || !st.isFile) {
      if (this.pos >= 0) this.forget();
      return { lines, reset: false };
    }
    let reset = false;
    if (this.pos < 0 || st.size < this.pos) {
      reset = this.pos >= 0 || this.lostFile;
      this.start(st.size);
    }
    if (st.size > this.pos) await this.readChunk(lines);
    return { lines, reset };
  }

  /** Positions at the tail of a file of `size` bytes. */
  private start(size: number): void {
    this.lostFile = false;
    const from = size > this.tailBytes ? size - this.tailBytes : 0;
    // Read from one byte earlier so a start that falls exactly after a newline keeps its first line whole.
    this.pos = from > 0 ? from - 1 : 0;
    this.splitter.reset(from > 0);
  }

  private forget(): void {
    this.pos = -1;
    this.lostFile = true;
    this.splitter.reset(false);
  }

  private async readChunk(lines: string[]): Promise<void> {
    const r = await this.files.readBytes(this.absPath, this.pos, this.chunk).catch(() => null);
    if (!r || !r.ok) {
      if (r && r.reason === 'missing') this.forget();
      return;
    }
    this.pos += r.bytes.length;
    this.more = r.size > this.pos;
    this.splitter.push(r.bytes, lines);
  }
}

/**
 * Tail for `events.jsonl`, which `events/emit.sh` rotates to `events.jsonl.1` past 50 MB (contract §1.6).
 * On rotation it first finishes the rest of `.1` from the old offset, then continues from the start of the new
 * file, so no record is lost or repeated. Rotation is recognised either by the live file shrinking below the offset
 * or by `.1` changing while it is at least as long as the offset (the new file may already have outgrown it).
 * A shrink without a matching `.1` is a plain truncation: `reset: true` and a restart at the tail; a live file that
 * disappears and comes back is read from its start (`reset: true`), since all of it is new.
 */
export class RotatingTail {
  private pos = -1;
  private more = false;
  private lostFile = false;
  /** Offset into `.1` while finishing it after a rotation; -1 when not draining. */
  private drainPos = -1;
  private rotatedSig: string | null = null;
  private readonly splitter: LineSplitter;
  private readonly tailBytes: number;
  private readonly chunk: number;
  private readonly rotatedPath: string;

  constructor(
    private readonly files: FileAccessor,
    private readonly absPath: string,
    opts: TailOptions = {},
  ) {
    this.tailBytes = positive(opts.initialTailBytes, DEFAULT_TAIL);
    this.chunk = Math.max(1, Math.floor(positive(opts.maxChunkBytes, DEFAULT_CHUNK)));
    this.splitter = new LineSplitter(Math.floor(positive(opts.maxLineChars, this.chunk)));
    this.rotatedPath = `${absPath}.1`;
  }

  /** Byte position in the live file the next read continues from (-1 before the first read). */
  get offset(): number {
    return this.pos;
  }

  /** True when the last read stopped at `maxChunkBytes` and more bytes are already on disk. */
  get hasMore(): boolean {
    return this.more;
  }

  /** Reads what was appended since the last call, across a rotation. */
  async read(): Promise<TailRead> {
    const lines: string[] = [];
    this.more = false;
    if (this.drainPos >= 0) {
      await this.drain(lines);
      if (this.drainPos >= 0) return { lines, reset: false };
    }
    const [st, rot] = await Promise.all([this.files.stat(this.absPath).catch(() => null), this.files.stat(this.rotatedPath).catch(() => null)]);
    const sig = rot && rot.isFile ? `${rot.size}:${rot.mtimeMs}` : null;
    const rotatedChanged = sig !== null && sig !== this.rotatedSig;
    this.rotatedSig = sig;
    if (this.pos >= 0 && rot && rotatedChanged && rot.size >= this.pos) {
      // The bytes we had not read yet now live at the same offsets in `.1`.
      this.drainPos = this.pos;
      this.pos = 0;
      await this.drain(lines);
      if (this.drainPos >= 0) return { lines, reset: false };
    }
    if (!st || !st.isFile) {
      if (this.pos > 0) {
        this.pos = -1;
        this.lostFile = true;
        this.splitter.reset(false);
      }
      return { lines, reset: false };
    }
    let reset = false;
    if (this.pos < 0) {
      reset = this.lostFile;
      this.start(this.lostFile ? 0 : st.size);
    } else if (st.size < this.pos) {
      reset = true;
      this.start(st.size);
    }
    if (st.size > this.pos) {
      const r = await this.files.readBytes(this.absPath, this.pos, this.chunk).catch(() => null);
      if (r && r.ok) {
        this.pos += r.bytes.length;
        this.more = r.size > this.pos;
        this.splitter.push(r.bytes, lines);
      }
    }
    return { lines, reset };
  }

  private start(size: number): void {
    this.lostFile = false;
    const from = size > this.tailBytes ? size - this.tailBytes : 0;
    this.pos = from > 0 ? from - 1 : 0;
    this.splitter.reset(from > 0);
  }

  /** Continues reading `.1` from `drainPos`; at its end flushes the last line and switches to the new file. */
  private async drain(lines: string[]): Promise<void> {
    const r = await this.files.readBytes(this.rotatedPath, this.drainPos, this.chunk).catch(() => null);
    if (r && r.ok && r.bytes.length > 0) {
      this.drainPos += r.bytes.length;
      this.splitter.push(r.bytes, lines);
      if (r.size > this.drainPos) {
        this.more = true;
        return;
      }
    }
    // `.1` is finished (or vanished): whatever is left is its last line, then the new file starts clean at 0.
    this.splitter.flush(lines);
    this.drainPos = -1;
    this.pos = 0;
  }
}

function positive(x: number | undefined, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : fallback;
}
