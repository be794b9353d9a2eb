// One queue file read again and again: a rewrite costs the records that changed, not the whole file. The runner
// rewrites `queue/*.json` whole on every move, so with 10,000 tasks a full parse plus a deep compare of every card
// dominated the change path. Here the text is compared with the last one (native prefix/suffix compare), records
// outside the changed region keep their Task objects (same identity, so the diff skips them by reference), and
// only the records inside it are parsed. Results are always equal to `parseQueue` on the same text.
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
  text: string;
  shape: ArrayShape;
  items: Item[];
  tasks: Task[];
  /** parseQueue's note about skipped records (such a text is never reused: the next read parses whole). */
  warning?: string;
}

/** The id `taskFromRecord` gives a record without one: the file's base name and the record's index. */
const fallbackId = (file: string, index: number): string => `${file.replace(/^.*\//, '').replace(/\.json$/, '')}-${index}`;

/** Parses one record span at `index`; undefined when the span is not valid JSON (the caller parses whole). */
function parseItem(text: string, span: Span, index: number, file: string, column: TaskStatus, report?: ReportUnknown): Item | undefined {
  let task: Task | null;
  try {
    task = taskFromRecord(JSON.parse(text.slice(span.start, span.end)) as unknown, { file, column, index }, report);
  } catch {
    // Invalid JSON or a hostile record: parseQueue reports either properly.
    return undefined;
  }
  return { span, task, ownId: task !== null && task.id !== fallbackId(file, index) };
}

/** Incremental reader of one queue file (`file` `.loki`-relative, `column` the status it means). */
export class QueueReader {
  private last: Parsed | null = null;

  constructor(private readonly file: string, private readonly column: TaskStatus, private readonly report?: ReportUnknown) {}

  /** Same result as `parseQueue(text, file, column)`; reuses the Task objects of records whose text did not change. */
  parse(text: string): ParseResult<Task[]> {
    const next = (this.last && this.reparse(this.last, text)) ?? this.full(text);
    if (!next.ok) {
      this.last = null;
      return next;
    }
    this.last = next.value;
    return next.value.warning === undefined ? ok(next.value.tasks) : { ok: true, value: next.value.tasks, warning: next.value.warning };
  }

  /** Forgets the last text (the file vanished). */
  reset(): void {
    this.last = null;
  }

  /** Whole-file parse (exact `parseQueue` semantics and messages), plus the record spans for next time. */
  private full(text: string): ParseResult<Parsed> {
    const parsed = parseQueue(text, this.file, this.column, this.report);
    if (!parsed.ok) return parsed;
    const shape = locateArray(text);
    const scan = shape && scanSpans(text, shape.open, false, shape);
    const tasks = parsed.value;
    if (parsed.warning !== undefined) return ok({ text: '', shape: { open: 0, wrapped: false }, items: [], tasks, warning: parsed.warning });
    if (!shape || !scan?.closed) return ok({ text: '', shape: { open: 0, wrapped: false }, items: [], tasks });
    // Pair spans with tasks: parseQueue keeps record order and skips non-objects, which the spans show as scalars.
    const items: Item[] = [];
    let t = 0;
    for (const [index, span] of scan.spans.entries()) {
      const isObject = text.charCodeAt(span.start) === 123;
      const task = isObject ? (tasks[t++] ?? null) : null;
      items.push({ span, task, ownId: task !== null && task.id !== fallbackId(this.file, index) });
    }
    if (t !== tasks.length) return ok({ text: '', shape, items: [], tasks });
    return ok({ text, shape, items, tasks });
  }

  /** The changed region only; null when the last text cannot anchor it (then the file is parsed whole). */
  private reparse(last: Parsed, text: string): ParseResult<Parsed> | null {
    if (!last.text) return null;
    if (text === last.text) return ok(last);
    const shape = locateArray(text);
    if (!shape || shape.open !== last.shape.open || shape.wrapped !== last.shape.wrapped) return null;
    const prefix = commonPrefix(last.text, text);
    if (prefix < shape.open) return null;
    const suffix = commonSuffix(last.text, text, Math.min(last.text.length, text.length) - prefix);
    const items = last.items;
    let head = 0;
    while (head < items.length && items[head]!.span.end <= prefix) head++;
    const tailFrom = last.text.length - suffix;
    let tail = items.length;
    while (tail > head && items[tail - 1]!.span.start >= tailFrom) tail--;
    const delta = text.length - last.text.length;
    const from = head > 0 ? items[head - 1]!.span.end : shape.open;
    const stopAt = tail < items.length ? items[tail]!.span.start + delta : undefined;
    const scan = scanSpans(text, from, head > 0, shape, stopAt);
    if (!scan) return null;

    const out: Item[] = items.slice(0, head);
    const added: Task[] = [];
    const kept = new Set<Task>();
    // Records between the two anchors may still be unchanged (two edits far apart): match them by their text.
    const byText = new Map<string, Item>();
    for (let k = head; k < tail; k++) byText.set(last.text.slice(items[k]!.span.start, items[k]!.span.end), items[k]!);
    for (const span of scan.spans) {
      const index = out.length;
      const old = byText.get(text.slice(span.start, span.end));
      if (old && (old.ownId || old.task === null)) {
        out.push({ span, task: old.task, ownId: old.ownId });
        if (old.task) kept.add(old.task);
        continue;
      }
      const item = parseItem(text, span, index, this.file, this.column, this.report);
      if (!item) return null;
      out.push(item);
      if (item.task) added.push(item.task);
    }
    const removed: Task[] = [];
    for (let k = tail; k < items.length; k++) {
      const old = items[k]!;
      const span = { start: old.span.start + delta, end: old.span.end + delta };
      const index = out.length;
      if (index === k || old.ownId || old.task === null) {
        out.push({ span, task: old.task, ownId: old.ownId });
      } else {
        // Its id was its position ("pending-3"), which moved: read it again at the new index.
        const item = parseItem(text, span, index, this.file, this.column, this.report);
        if (!item) return null;
        out.push(item);
        if (item.task) added.push(item.task);
        if (old.task) removed.push(old.task);
      }
    }
    for (let k = head; k < tail; k++) {
      const t = items[k]!.task;
      if (t && !kept.has(t)) removed.push(t);
    }
    const tasks: Task[] = [];
    for (const item of out) if (item.task) tasks.push(item.task);
    recordArrayDelta(tasks, { prev: last.tasks, added, removed });
    return ok({ text, shape, items: out, tasks });
  }
}
