// Incremental tails of one `.loki`'s logs and events.jsonl, decoded into queues the model drains. New files start from
// their last 256 KiB; later reads return only appended lines (rotation and truncation handled by the tails).
import type { FileAccessor } from '../fileAccess';
import type { DrainedLog } from './logs';
import type { LokiEvent } from '../domain';
import { parseEventLine } from './events';
import { decodeLogLine, isLogFile } from './logs';
import { RotatingTail, TextTail } from './textTail';

/** Bytes a newly seen log or events file is read from its end. */
export const INITIAL_TAIL_BYTES = 256 * 1024;
/** Chunks one read may take before it leaves the rest for the next change (keeps one call bounded). */
const MAX_CHUNKS_PER_READ = 16;
/** Undrained entries kept per queue; older ones are dropped when nobody drains (CLI snapshots never do). */
export const MAX_QUEUED = 20_000;
/** Raw lines remembered for mirror detection across log files. */
const MIRROR_MEMORY = 20_000;

/** Tails of `logs/*` (per {@link isLogFile}) and `events.jsonl` under one `.loki`. */
export class LogTails {
  private readonly logs = new Map<string, TextTail>();
  private events: RotatingTail | null = null;
  /** One read at a time per file: two overlapping reads of one tail would return the same bytes twice. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly logQueue: DrainedLog[] = [];
  /**
   * Recent raw lines -> the file that showed them first: the runner tees one provider stream into several logs.
   * Two generations bound the memory: evicting one oldest key per insert from a Map is O(deleted slots) in V8.
   */
  private seenLines = new Map<string, string>();
  private olderLines = new Map<string, string>();
  private readonly eventQueue: LokiEvent[] = [];
  /** Someone drains the queues (a monitor): then nothing is dropped, and reads pause at the bound instead. */
  private drained = false;
  /** Tails whose last read stopped at the per-read bound with bytes left (`.loki`-relative). */
  private readonly behind = new Set<string>();
  /** The last session_start/session_end read from events.jsonl ("Needs you": did the runner end the run itself?). */
  private lifecycle: 'session_start' | 'session_end' | null = null;

  constructor(
    private readonly files: FileAccessor,
    private readonly lokiDir: string,
  ) {}

  /** True when a `.loki`-relative path is tailed (a log file or events.jsonl / its rotation). */
  static handles(rel: string): boolean {
    return isLogFile(rel) || rel === 'events.jsonl' || rel === 'events.jsonl.1';
  }

  /** Lists `logs/`, starts tails for new log files, drops tails of vanished ones, reads all, then events.jsonl. */
  async scan(): Promise<void> {
    const names = (await this.files.list(`${this.lokiDir}/logs`)).sort();
    const present = new Set(names.map(n => `logs/${n}`).filter(isLogFile));
    for (const rel of [...this.logs.keys()]) if (!present.has(rel)) this.logs.delete(rel);
    for (const rel of present) await this.read(rel);
    await this.read('events.jsonl');
  }

  /** Reads what was appended to one tailed file. */
  read(rel: string): Promise<void> {
    const key = rel === 'events.jsonl.1' ? 'events.jsonl' : rel;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => (key === 'events.jsonl' ? this.readEvents() : this.readLog(key)));
    this.chains.set(key, next);
    return next;
  }

  /** Forgets every tail (`.loki` disappeared): a re-created file is read from its tail again. */
  reset(): void {
    this.logs.clear();
    this.events = null;
    this.lifecycle = null;
  }

  /** Decoded log lines since the last call. */
  drainLogs(): DrainedLog[] {
    this.drained = true;
    return this.logQueue.splice(0);
  }

  /** True when the last session_start/session_end in events.jsonl was a session_end. */
  get sessionEnded(): boolean {
    return this.lifecycle === 'session_end';
  }

  /** events.jsonl records since the last call. */
  drainEvents(): LokiEvent[] {
    return this.eventQueue.splice(0);
  }

  private async readLog(rel: string): Promise<void> {
    let tail = this.logs.get(rel);
    if (!tail) {
      tail = new TextTail(this.files, `${this.lokiDir}/${rel}`, { initialTailBytes: INITIAL_TAIL_BYTES });
      this.logs.set(rel, tail);
    }
    for (let i = 0; i < MAX_CHUNKS_PER_READ; i++) {
      const { lines } = await tail.read();
      for (const line of lines) {
        if (this.isMirrored(line, rel)) continue;
        const decoded = decodeLogLine(line, rel);
        if (decoded) push(this.logQueue, decoded, this.drained);
      }
      // A full queue would drop the oldest undrained lines: leave the rest for the next read, after a drain.
      if (!tail.hasMore || this.logQueue.length >= MAX_QUEUED / 2) break;
    }
    if (tail.hasMore) this.behind.add(rel);
    else this.behind.delete(rel);
  }

  /** Absolute paths of tails with unread bytes left by a bounded read: the caller reads them again soon. */
  lagging(): string[] {
    return [...this.behind].map(rel => `${this.lokiDir}/${rel}`);
  }

  /**
   * True when the same raw line already came from another log file: `agent.log`, `autonomy-*.log` and
   * `iter-output-*` all receive the same provider output (contract §1.2), and showing it three times helps nobody.
   * Repeats inside one file are kept; the memory of lines is bounded.
   */
  private isMirrored(line: string, rel: string): boolean {
    if (line.length < 8 || line.trim().length < 8) return false;
    const first = this.seenLines.get(line) ?? this.olderLines.get(line);
    if (first !== undefined) return first !== rel;
    this.seenLines.set(line, rel);
    if (this.seenLines.size >= MIRROR_MEMORY) {
      this.olderLines = this.seenLines;
      this.seenLines = new Map();
    }
    return false;
  }

  private async readEvents(): Promise<void> {
    this.events ??= new RotatingTail(this.files, `${this.lokiDir}/events.jsonl`, { initialTailBytes: INITIAL_TAIL_BYTES });
    for (let i = 0; i < MAX_CHUNKS_PER_READ; i++) {
      const { lines } = await this.events.read();
      for (const line of lines) {
        const ev = parseEventLine(line);
        if (!ev) continue;
        push(this.eventQueue, ev);
        if (ev.type === 'session_start' || ev.type === 'session_end') this.lifecycle = ev.type;
      }
      if (!this.events.hasMore) break;
    }
    if (this.events.hasMore) this.behind.add('events.jsonl');
    else this.behind.delete('events.jsonl');
  }
}

function push<T>(queue: T[], item: T, drained = false): void {
  queue.push(item);
  if (!drained && queue.length > MAX_QUEUED) queue.splice(0, queue.length - MAX_QUEUED);
}
