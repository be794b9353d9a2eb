// Queue files `queue/*.json` (contract §3.1-3.2): a bare array or {"tasks":[...]}, holding PRD stories, iteration
// cards, TodoWrite mirrors, populator records and legacy/agent records. The column is the file, not the record.
import type { LogLevel, Task, TaskLogLine, TaskStatus } from '../domain';
import { mapPriority, mapSource } from '../statusVocabulary';
import type { ReportUnknown } from '../statusVocabulary';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** Records larger than this (serialised) are kept without `raw`, so one huge record cannot bloat every snapshot. */
export const MAX_RAW_CHARS = 64 * 1024;
const MAX_TITLE = 500;
const MAX_DESCRIPTION = 20_000;
const MAX_LIST = 200;

/** Extracts the task list from either queue shape; null when the JSON is neither. */
export function queueItems(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json as unknown[];
  if (isRecord(json)) {
    if (Array.isArray(json.tasks)) return json.tasks as unknown[];
    // `{}` is what a fresh or reset queue sometimes holds; treat it as empty rather than broken.
    if (!('tasks' in json) && Object.keys(json).length === 0) return [];
  }
  return null;
}

const clean = (x: unknown, max: number): string | undefined => {
  const s = str(x, max);
  return s !== undefined && s.trim() !== '' ? s : undefined;
};

function stringList(x: unknown): string[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: string[] = [];
  for (const item of x.slice(0, MAX_LIST)) {
    const s = isRecord(item) ? clean(item.text ?? item.message ?? item.description, 2000) : clean(item, 2000);
    if (s !== undefined) out.push(s);
  }
  return out;
}

const LEVELS: Readonly<Record<string, LogLevel>> = { debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error', err: 'error' };

function logLines(x: unknown): TaskLogLine[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: TaskLogLine[] = [];
  for (const item of x.slice(-MAX_LIST)) {
    if (!isRecord(item)) continue;
    const message = clean(item.message, 4000);
    if (message === undefined) continue;
    const level = str(item.level, 20)?.toLowerCase() ?? 'info';
    out.push({ timestamp: isoTime(item.timestamp), level: Object.hasOwn(LEVELS, level) ? (LEVELS[level] as LogLevel) : 'info', message });
  }
  return out;
}

function rawOf(rec: Record<string, unknown>): unknown {
  try {
    return JSON.stringify(rec).length <= MAX_RAW_CHARS ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** Where a record sits: its `.loki`-relative file, the column that file means, and its index in the file. */
export interface RecordPlace {
  file: string;
  column: TaskStatus;
  index: number;
}

/**
 * Normalises one queue record into a Task. Title falls back title → payload.action → action → type → "Task";
 * iteration cards and TodoWrite mirrors are read-only (the runner owns them). Returns null for non-objects.
 */
export function taskFromRecord(rec: unknown, place: RecordPlace, report?: ReportUnknown): Task | null {
  if (!isRecord(rec)) return null;
  const payload = isRecord(rec.payload) ? rec.payload : {};
  const base = place.file.replace(/^.*\//, '').replace(/\.json$/, '');
  const id = clean(rec.id, 1000)?.trim() ?? `${base}-${place.index}`;
  const type = clean(rec.type, 200);
  const source = mapSource({ source: clean(rec.source, 200), type, id }, report);
  const title = clean(rec.title, MAX_TITLE) ?? clean(payload.action, MAX_TITLE) ?? clean(rec.action, MAX_TITLE) ?? type ?? 'Task';
  const task: Task = {
    id,
    title: title.length > MAX_TITLE ? title.slice(0, MAX_TITLE) : title,
    status: place.column,
    priority: mapPriority(rec.priority ?? payload.priority, report),
    source,
    readOnly: source === 'iteration' || source === 'todo',
    file: place.file,
  };
  if (type !== undefined) task.type = type;
  const description = clean(rec.description, MAX_DESCRIPTION) ?? clean(payload.description, MAX_DESCRIPTION) ?? clean(payload.goal, MAX_DESCRIPTION);
  if (description !== undefined) task.description = description;
  const criteria = stringList(rec.acceptance_criteria ?? rec.acceptanceCriteria);
  if (criteria && criteria.length) task.acceptanceCriteria = criteria;
  const story = clean(rec.user_story ?? rec.userStory, MAX_DESCRIPTION);
  if (story !== undefined) task.userStory = story;
  const notes = stringList(rec.notes);
  if (notes && notes.length) task.notes = notes;
  const agent = clean(rec.claimedBy ?? rec.agent, 200);
  if (agent !== undefined) task.agent = agent;
  const iterMatch = /^iteration-(\d+)$/.exec(id);
  const iteration = num(rec.iteration) ?? (iterMatch ? Number(iterMatch[1]) : undefined);
  if (iteration !== undefined && Number.isSafeInteger(iteration)) task.iteration = iteration;
  const phase = clean(rec.phase, 200);
  if (phase !== undefined) task.phase = phase;
  const provider = clean(rec.provider, 100);
  if (provider !== undefined) task.provider = provider;
  const createdAt = isoTime(rec.created_at ?? rec.createdAt);
  if (createdAt) task.createdAt = createdAt;
  const startedAt = isoTime(rec.startedAt ?? rec.started_at ?? rec.claimedAt);
  if (startedAt) task.startedAt = startedAt;
  const completedAt = isoTime(rec.completedAt ?? rec.completed_at);
  if (completedAt) task.completedAt = completedAt;
  const exitCode = num(rec.exitCode);
  if (exitCode !== undefined && Number.isSafeInteger(exitCode)) task.exitCode = exitCode;
  const cost = num(rec.cost_usd ?? rec.costUsd);
  if (cost !== undefined) task.costUsd = cost;
  const tokensIn = num(rec.input_tokens);
  const tokensOut = num(rec.output_tokens);
  if (tokensIn !== undefined || tokensOut !== undefined) task.tokens = { input: tokensIn ?? 0, output: tokensOut ?? 0 };
  const duration = num(rec.duration_ms ?? rec.durationMs);
  if (duration !== undefined && duration >= 0) task.durationMs = duration;
  const logs = logLines(rec.logs);
  if (logs && logs.length) task.logs = logs;
  if (task.source === 'iteration' && task.description === undefined) task.description = iterationDescription(task);
  const raw = rawOf(rec);
  if (raw !== undefined) task.raw = raw;
  return task;
}

/** Honest one-line description for legacy iteration cards without one (dashboard/server.py:2496-2530): never claims success it cannot see. */
function iterationDescription(task: Task): string {
  let outcome: string;
  if (task.exitCode !== undefined && task.exitCode !== 0) outcome = `failed (exit ${task.exitCode})`;
  else if (task.status === 'failed') outcome = 'failed';
  else if (task.status === 'completed') outcome = task.exitCode === 0 ? 'completed cleanly (exit 0)' : 'completed';
  else outcome = 'in progress';
  return `Iteration ${outcome}${task.provider ? `, built by ${task.provider}` : ''}.`;
}

/**
 * Parses one queue file. `file` is `.loki`-relative (e.g. `queue/pending.json`), `column` the status that file means.
 * Non-object entries are skipped; a top level that is neither shape fails (the caller keeps the last good list).
 */
export function parseQueue(text: string, file: string, column: TaskStatus, report?: ReportUnknown): ParseResult<Task[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const items = queueItems(json.value);
  if (items === null) return fail(`${file} is neither a JSON array nor {"tasks": [...]}`);
  const tasks: Task[] = [];
  let bad = 0;
  items.forEach((rec, index) => {
    try {
      const t = taskFromRecord(rec, { file, column, index }, report);
      if (t) tasks.push(t);
    } catch {
      // One hostile record (a value no normaliser can take) is skipped; the rest of the file still counts.
      bad++;
    }
  });
  if (bad > 0) return { ok: true, value: tasks, warning: `${bad} record(s) skipped: a field has a value no reader can take` };
  return ok(tasks);
}
