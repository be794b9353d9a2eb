import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LogEntry, LogLevel } from '../domain';
import type { Logger } from '../logger';
import { errorMessage } from '../errors';

/** `<store file>.logs.jsonl`: the store's log lines, appended in batches (each file line a JSON array of rows). */
export const logArchivePath = (storeFile: string): string => `${storeFile}.logs.jsonl`;

/** Log query. `level` is a minimum severity (`warn` returns warnings and errors). */
export interface LogArchiveQuery {
  beforeSeq?: number | null;
  limit: number;
  level?: LogLevel | null;
  text?: string | null;
}

/** What the archive needs. */
export interface LogArchiveOptions {
  /** null: memory only (in-memory stores, and stores that read a file another process writes). */
  file: string | null;
  log: Logger;
  /** Appends are written at most once per this many ms while lines keep coming. */
  delayMs: number;
  /** Lines kept per project (see {@link LogArchive.setRetention}). */
  retention: number;
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];
type Line = [string, number, string | null, LogLevel, string, string];

/**
 * The store's log lines, kept out of the SQLite database: they are its bulk (50,000 per project), and sql.js
 * re-serialises the whole database on every save and pays a JS→WASM copy for every bound value. Here a line costs
 * an array push in memory and one appended JSON line on disk, written off the host thread in batches.
 * The file only grows by appends (a torn last line after a crash is skipped on load) and is rewritten atomically
 * (temp file, fsync, rename) once it holds more than twice what retention keeps. Entries are kept per project in
 * `seq` order; a `seq` seen again replaces the line, as `INSERT OR REPLACE` did.
 */
export class LogArchive {
  private readonly byProject = new Map<string, LogEntry[]>();
  /** Lines in memory not yet on disk (serialised at write time, one JSON array of rows per file line). */
  private pending: LogEntry[] = [];
  private fileLines = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private failing = false;
  private closed = false;
  /** The file ends in a torn line (a crash mid-append): the next append starts on a new line. */
  private tornEnd = false;

  private retention: number;

  private constructor(private readonly opts: LogArchiveOptions) {
    this.retention = Math.max(1, opts.retention);
  }

  /** Changes how many lines each project keeps; queries apply it at once. */
  setRetention(lines: number): void {
    this.retention = Math.max(1, lines);
  }

  /** Loads `file` (when given and present) and returns the archive; unreadable lines are skipped, never thrown. */
  static async open(opts: LogArchiveOptions, readFrom: string | null = opts.file): Promise<LogArchive> {
    const archive = new LogArchive(opts);
    if (readFrom === null) return archive;
    let text = '';
    try {
      text = await fs.readFile(readFrom, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.log.warn(`Store: cannot read ${readFrom}: ${errorMessage(err)}`);
      return archive;
    }
    const entries: LogEntry[] = [];
    for (const raw of text.split('\n')) for (const e of parseLine(raw)) entries.push(e);
    archive.insert(entries);
    archive.fileLines = entries.length;
    archive.tornEnd = text.length > 0 && !text.endsWith('\n');
    return archive;
  }

  /** Adds lines (memory at once, disk with the next write) and trims each project to the retention. */
  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0 || this.closed) return;
    this.insert(entries);
    if (this.opts.file === null) return;
    for (const e of entries) this.pending.push(e);
    this.timer ??= setTimeout(() => { this.timer = undefined; void this.flush(); }, this.opts.delayMs);
    this.timer.unref?.();
  }

  /** A page of lines, newest last: the `limit` newest lines before `beforeSeq` that match the filters. */
  query(projectId: string, q: LogArchiveQuery): LogEntry[] {
    const list = this.byProject.get(projectId);
    if (!list) return [];
    const allowed = q.level ? LEVELS.slice(Math.max(0, LEVELS.indexOf(q.level))) : null;
    const needle = q.text ? q.text.toLowerCase() : null;
    const floor = Math.max(0, list.length - this.retention);
    const out: LogEntry[] = [];
    for (let i = list.length - 1; i >= floor && out.length < q.limit; i--) {
      const e = list[i];
      if (!e || (q.beforeSeq != null && e.seq >= q.beforeSeq)) continue;
      if (allowed && !allowed.includes(e.level)) continue;
      if (needle !== null && !e.message.toLowerCase().includes(needle)) continue;
      out.push({ ...e });
    }
    return out.reverse();
  }

  /** Highest `seq` kept for the project, 0 when none. */
  maxSeq(projectId: string): number {
    return this.byProject.get(projectId)?.at(-1)?.seq ?? 0;
  }

  /** Writes the lines appended so far; resolves when they (and every earlier write) reached the disk. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const file = this.opts.file;
    if (file === null || this.pending.length === 0) return this.chain;
    const lines = this.pending;
    this.pending = [];
    this.chain = this.chain.then(async () => {
      try {
        await appendDurably(file, `${this.tornEnd ? '\n' : ''}${serialise(lines)}`);
        this.tornEnd = false;
        this.fileLines += lines.length;
        if (this.failing) this.opts.log.info(`Store: saving ${file} works again`);
        this.failing = false;
        if (this.fileLines > 2 * this.retainedCount() + 10_000) await this.compact(file);
      } catch (err) {
        // Keep the lines and retry with the next write; report once per failure streak.
        if (!this.failing) this.opts.log.error(new Error(`Store: cannot save ${file}: ${errorMessage(err)}`));
        this.failing = true;
        this.tornEnd = true;
        this.pending = lines.concat(this.pending);
      }
    });
    return this.chain;
  }

  /** Final write; later appends are ignored. */
  close(): Promise<void> {
    const done = this.flush();
    this.closed = true;
    return done;
  }

  private retainedCount(): number {
    const keep = this.retention;
    let n = 0;
    for (const list of this.byProject.values()) n += Math.min(list.length, keep);
    return n;
  }

  /** Rewrites the file with only the retained lines (temp file, fsync, rename: a crash leaves one whole file). */
  private async compact(file: string): Promise<void> {
    const keep = this.retention;
    const kept: LogEntry[] = [];
    for (const list of this.byProject.values()) kept.push(...list.slice(Math.max(0, list.length - keep)));
    const tmp = path.join(path.dirname(file), `${path.basename(file)}.tmp.${process.pid}`);
    const fh = await fs.open(tmp, 'w');
    try {
      // In slices, so no single step blocks the host for long.
      for (let i = 0; i < kept.length; i += 5000) {
        await fh.write(serialise(kept.slice(i, i + 5000)));
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
    this.fileLines = kept.length;
  }

  private insert(entries: readonly LogEntry[]): void {
    const touched = new Set<LogEntry[]>();
    for (const e of entries) {
      let list = this.byProject.get(e.projectId);
      if (!list) this.byProject.set(e.projectId, (list = []));
      touched.add(list);
      const last = list.at(-1);
      if (!last || e.seq > last.seq) { list.push(e); continue; }
      // Out of order or a repeat (a re-read, a file from an older build): keep seq order, replace equal seqs.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((list[mid]?.seq ?? 0) < e.seq) lo = mid + 1;
        else hi = mid;
      }
      if (list[lo]?.seq === e.seq) list[lo] = e;
      else list.splice(lo, 0, e);
    }
    // Trimming in steps of a whole retention keeps it O(1) per line; queries only look at the newest `retention`.
    const keep = this.retention;
    for (const list of touched) if (list.length > 2 * keep) list.splice(0, list.length - keep);
  }
}

/** File lines of `entries`: one JSON array of rows per 5,000 lines (one stringify call, not one per line). */
function serialise(entries: readonly LogEntry[]): string {
  let out = '';
  for (let i = 0; i < entries.length; i += 5000) {
    const rows = entries.slice(i, i + 5000).map((e): Line => [e.projectId, e.seq, e.timestamp, e.level, e.source, e.message]);
    out += `${JSON.stringify(rows)}\n`;
  }
  return out;
}

/** The entries of one stored file line; none for a torn or foreign line, and foreign rows are skipped. */
function parseLine(raw: string): LogEntry[] {
  if (!raw.startsWith('[[')) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: LogEntry[] = [];
  for (const row of v as unknown[]) {
    if (!Array.isArray(row) || row.length !== 6) continue;
    const [projectId, seq, timestamp, level, source, message] = row as unknown[];
    if (typeof projectId !== 'string' || typeof seq !== 'number' || typeof source !== 'string' || typeof message !== 'string') continue;
    if (!LEVELS.includes(level as LogLevel)) continue;
    out.push({ seq, projectId, timestamp: typeof timestamp === 'string' ? timestamp : null, level: level as LogLevel, source, message });
  }
  return out;
}

async function appendDurably(file: string, text: string): Promise<void> {
  const fh = await fs.open(file, 'a');
  try {
    await fh.write(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
