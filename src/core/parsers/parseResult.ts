/**
 * Outcome of a pure parser: a typed value, or a problem message (the caller keeps the last good value). A value
 * read with some records skipped carries a `warning`, which the caller reports as the file's problem.
 */
export type ParseResult<T> = { ok: true; value: T; warning?: string } | { ok: false; problem: string };

/** Builds a successful result. */
export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
/** Builds a failed result. */
export const fail = <T = never>(problem: string): ParseResult<T> => ({ ok: false, problem });

/**
 * JSON.parse that never throws. Empty or whitespace-only text (a file caught between truncate and write)
 * is reported as `empty file (being written?)`, truncated JSON as `incomplete JSON ...`. The message names a
 * line and column only: V8's own message quotes the text, and file bytes never go into a problem message.
 */
export function parseJson(text: string): ParseResult<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail('empty file (being written?)');
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    // An error positioned at the very end means the text stopped mid-value: a torn read, not a broken file.
    const pos = /at position (\d+)/.exec(msg);
    const at = pos ? Number(pos[1]) : null;
    const atEnd = at !== null && at >= body.trimEnd().length;
    if (atEnd || /end of (JSON )?input|Unterminated/i.test(msg)) return fail('incomplete JSON (being written?): the text stops mid-value');
    if (err instanceof RangeError) return fail('invalid JSON: nested too deeply to read');
    return fail(`invalid JSON${at !== null ? ` at ${lineColumn(body, at)}` : ''}`);
  }
}

function lineColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return `line ${line}, column ${at - before.lastIndexOf('\n')}`;
}

/** `String(x)` that never throws (`{"toString": 1}` makes String() throw) and never returns more than `max` chars. */
export function safeString(x: unknown, max = 200): string {
  let s: string;
  try {
    s = typeof x === 'string' ? x : typeof x === 'object' && x !== null ? (Array.isArray(x) ? 'array' : 'object') : String(x);
  } catch {
    s = typeof x;
  }
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** Plain-object check that excludes arrays and null. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A string field, or undefined (numbers are stringified: the runner writes numeric-looking values unquoted). */
export function str(x: unknown, max = 100_000): string | undefined {
  if (typeof x === 'string') return x.length > max ? x.slice(0, max) + '…' : x;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  return undefined;
}

/** A finite number field (numeric strings accepted), or undefined. */
export function num(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
  return undefined;
}

/**
 * Lenient timestamp normaliser: accepts `...Z`, `+00:00`, microseconds and the learning-signal quirk `...+00:00Z`.
 * Returns an ISO string, or null when unparseable.
 */
export function isoTime(x: unknown): string | null {
  if (typeof x === 'number' && Number.isFinite(x)) {
    // Seconds, milliseconds, micro- or nanoseconds since the epoch: scale down until it is a plausible ms value.
    let ms = Math.abs(x) > 1e12 ? x : x * 1000;
    for (let i = 0; i < 2 && Math.abs(ms) > 1e14; i++) ms /= 1000;
    return isoOrNull(ms);
  }
  if (typeof x !== 'string' || x.trim() === '') return null;
  let s = x.trim().replace(/([+-]\d\d:\d\d)Z$/, '$1');
  s = s.replace(/(\.\d{3})\d+/, '$1');
  return isoOrNull(Date.parse(s));
}

/** ISO text of an epoch-ms value, or null when it is outside the Date range (±8.64e15 ms would throw). */
export function isoOrNull(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(ms).toISOString();
}

/** The JSON objects of a JSONL text, one per line; blank, non-object and unparseable lines are skipped. */
export function* jsonlRecords(text: string): Generator<Record<string, unknown>> {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(t);
    } catch {
      continue; // a torn last line or a foreign line: the rest of the file still counts
    }
    if (isRecord(rec)) yield rec;
  }
}
