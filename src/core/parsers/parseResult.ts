/** Outcome of a pure parser: a typed value, or a problem message (the caller keeps the last good value). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Builds a successful result. */
export const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
/** Builds a failed result. */
export const fail = <T = never>(problem: string): ParseResult<T> => ({ ok: false, problem });

/**
 * JSON.parse that never throws. Empty or whitespace-only text (a file caught between truncate and write)
 * is reported as `empty file (being written?)`, truncated JSON as `incomplete JSON ...`.
 */
export function parseJson(text: string): ParseResult<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail('empty file (being written?)');
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // An error positioned at the very end means the text stopped mid-value: a torn read, not a broken file.
    const pos = /at position (\d+)/.exec(msg);
    const atEnd = pos !== null && Number(pos[1]) >= body.trimEnd().length;
    return fail(atEnd || /end of (JSON )?input|Unterminated/i.test(msg) ? `incomplete JSON (being written?): ${msg}` : `invalid JSON: ${msg}`);
  }
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
    const ms = x > 1e12 ? x : x * 1000;
    return new Date(ms).toISOString();
  }
  if (typeof x !== 'string' || x.trim() === '') return null;
  let s = x.trim().replace(/([+-]\d\d:\d\d)Z$/, '$1');
  s = s.replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
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
