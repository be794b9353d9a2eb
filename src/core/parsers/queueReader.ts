// One queue file read again and again: a rewrite costs the records that changed, not the whole file. The runner
// rewrites `queue/*.json` whole on every move, so with 10,000 tasks (3 MB) a full decode and parse plus a deep
// compare of every card dominated the change path. Here the file's bytes are compared with the last ones (native
// prefix/suffix compare), records outside the changed region keep their Task objects (same identity, so the diff
// skips them by reference), and only the records inside it are decoded and parsed: the 3 MB text is never built
// after the first read. Results are always equal to `parseQueue` on the file's UTF-8 text.
import { Buffer } from 'node:buffer';
import type { Task, TaskStatus } from '../domain';
import type { ReportUnknown } from '../statusVocabulary';
import { ok } from './parseResult';
import type { ParseResult } from './parseResult';
import { parseQueue, taskFromRecord } from './queue';
import { recordArrayDelta } from '../taskDelta';
import { commonPrefix, commonSuffix, locateArray, scanSpans } from './queueSpans';
import type { ArrayShape, Span } from './queueSpans';

interface Item {
  span: Span;
  task: Task | null;
  /** The task's id came from the record, not from its index (so it survives a shift in position). */
  ownId: boolean;
}

interface Parsed {
  /** The file's bytes; empty when they cannot anchor the next read (it parses whole). */
  bytes: Buffer;
  shape: ArrayShape;
  items: Item[];
  tasks: Task[];
  /** parseQueue's note about skipped records (such bytes are never reused: the next read parses whole). */
  warning?: string;
}

/** The id `taskFromRecord` gives a record without one: the file's base name and the record's index. */
const fallbackId = (file: string, index: number): string => `${file.replace(/^.*\//, '').replace(/\.json$/, '')}-${index}`;

const NONE = Buffer.alloc(0);

/** Parses one record span at `index`; undefined when the span is not valid JSON (the caller parses whole). */
function parseItem(bytes: Buffer, span: Span, index: number, file: string, column: TaskStatus, report?: ReportUnknown): Item | undefined {
  let task: Task | null;
  try {
    task = taskFromRecord(JSON.parse(bytes.toString('utf8', span.start, span.end)) as unknown, { file, column, index }, report);
  } catch {
    // Invalid JSON or a hostile record: parseQueue reports either properly.
    return undefined;
  }
  return { span, task, ownId: task !== null && task.id !== fallbackId(file, index) };
}

/** The first index at or after `from` whose item passes `test`, which must hold for every later item once it does. */
function firstIndex(items: readonly Item[], from: number, test: (item: Item) => boolean): number {
  let lo = from;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Incremental reader of one queue file (`file` `.loki`-relative, `column` the status it means). */
export class QueueReader {
  private last: Parsed | null = null;

  constructor(private readonly file: string, private readonly column: TaskStatus, private readonly report?: ReportUnknown) {}

  /**
   * Same result as `parseQueue(bytes as UTF-8 text, file, column)`; reuses the Task objects of records whose bytes
   * did not change. Keeps `bytes` (the caller must not modify them afterwards).
   */
  parse(input: Uint8Array): ParseResult<Task[]> {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const next = (this.last && this.reparse(this.last, bytes)) ?? this.full(bytes);
    if (!next.ok) {
      this.last = null;
      return next;
    }
    this.last = next.value;
    return next.value.warning === undefined ? ok(next.value.tasks) : { ok: true, value: next.value.tasks, warning: next.value.warning };
  }

  /** Forgets the last bytes (the file vanished). */
  reset(): void {
    this.last = null;
  }

  /** Whole-file parse (exact `parseQueue` semantics and messages), plus the record spans for next time. */
  private full(bytes: Buffer): ParseResult<Parsed> {
    const parsed = parseQueue(bytes.toString('utf8'), this.file, this.column, this.report);
    if (!parsed.ok) return parsed;
    const shape = locateArray(bytes);
    const scan = shape && scanSpans(bytes, shape.open, false, shape);
    const tasks = parsed.value;
    if (parsed.warning !== undefined) return ok({ bytes: NONE, shape: { open: 0, wrapped: false }, items: [], tasks, warning: parsed.warning });
    if (!shape || !scan?.closed) return ok({ bytes: NONE, shape: { open: 0, wrapped: false }, items: [], tasks });
    // Pair spans with tasks: parseQueue keeps record order and skips non-objects, which the spans show as scalars.
    const items: Item[] = [];
    let t = 0;
    for (const [index, span] of scan.spans.entries()) {
      const isObject = bytes[span.start] === 123;
      const task = isObject ? (tasks[t++] ?? null) : null;
      items.push({ span, task, ownId: task !== null && task.id !== fallbackId(this.file, index) });
    }
    if (t !== tasks.length) return ok({ bytes: NONE, shape, items: [], tasks });
    return ok({ bytes, shape, items, tasks });
  }

  /** The changed region only; null when the last bytes cannot anchor it (then the file is parsed whole). */
  private reparse(last: Parsed, bytes: Buffer): ParseResult<Parsed> | null {
    const old = last.bytes;
    if (old.length === 0) return null;
    if (bytes.equals(old)) return ok(last);
    const shape = locateArray(bytes);
    if (!shape || shape.open !== last.shape.open || shape.wrapped !== last.shape.wrapped) return null;
    const prefix = commonPrefix(old, bytes);
    if (prefix < shape.open) return null;
    const suffix = commonSuffix(old, bytes, Math.min(old.length, bytes.length) - prefix);
    const items = last.items;
    // Spans are in file order: the first record the change reaches, and the first one after it.
    const head = firstIndex(items, 0, i => i.span.end > prefix);
    const tailFrom = old.length - suffix;
    const tail = firstIndex(items, head, i => i.span.start >= tailFrom);
    const delta = bytes.length - old.length;
    const from = head > 0 ? items[head - 1]!.span.end : shape.open;
    const stopAt = tail < items.length ? items[tail]!.span.start + delta : undefined;
    const scan = scanSpans(bytes, from, head > 0, shape, stopAt);
    if (!scan) return null;

    const out: Item[] = items.slice(0, head);
    const added: Task[] = [];
    const kept = new Set<Task>();
    // Records between the two anchors may still be unchanged (two edits far apart): match them by their bytes
    // (latin1 maps each byte to one character, so equal keys mean equal bytes).
    const byBytes = new Map<string, Item>();
    for (let k = head; k < tail; k++) byBytes.set(old.toString('latin1', items[k]!.span.start, items[k]!.span.end), items[k]!);
    for (const span of scan.spans) {
      const index = out.length;
      const same = byBytes.get(bytes.toString('latin1', span.start, span.end));
      if (same && (same.ownId || same.task === null)) {
        out.push({ span, task: same.task, ownId: same.ownId });
        if (same.task) kept.add(same.task);
        continue;
      }
      const item = parseItem(bytes, span, index, this.file, this.column, this.report);
      if (!item) return null;
      out.push(item);
      if (item.task) added.push(item.task);
    }
    const removed: Task[] = [];
    for (let k = tail; k < items.length; k++) {
      const was = items[k]!;
      const span = { start: was.span.start + delta, end: was.span.end + delta };
      const index = out.length;
      if (index === k || was.ownId || was.task === null) {
        out.push({ span, task: was.task, ownId: was.ownId });
      } else {
        // Its id was its position ("pending-3"), which moved: read it again at the new index.
        const item = parseItem(bytes, span, index, this.file, this.column, this.report);
        if (!item) return null;
        out.push(item);
        if (item.task) added.push(item.task);
        if (was.task) removed.push(was.task);
      }
    }
    for (let k = head; k < tail; k++) {
      const t = items[k]!.task;
      if (t && !kept.has(t)) removed.push(t);
    }
    // Every record an object (the usual file): the head's tasks are the last tasks' first `head`, copied natively.
    const tasks: Task[] = last.tasks.length === items.length ? last.tasks.slice(0, head) : [];
    for (let k = tasks.length === 0 ? 0 : head; k < out.length; k++) {
      const t = out[k]!.task;
      if (t) tasks.push(t);
    }
    recordArrayDelta(tasks, { prev: last.tasks, added, removed, reordered: [...kept] });
    return ok({ bytes, shape, items: out, tasks });
  }
}
