import type { LokiEvent } from '../domain';
import { isRecord, isoTime, str } from './parseResult';

/** Longest string value kept inside an event's data (a runaway payload must not bloat deltas). */
const MAX_VALUE = 10_000;
/** Keys kept from one event's data object. */
const MAX_KEYS = 200;
/** Envelope keys that are not part of a flat record's data. */
const ENVELOPE_KEYS = new Set(['timestamp', 'ts', 'time', 'type', 'event', 'source', 'data', 'payload', 'version']);

/**
 * Parses one line of `events.jsonl`, whichever of the four envelopes wrote it (contract §1.6):
 * 1. `{"timestamp","type","data":{...}}` (run.sh `emit_event_json`);
 * 2. `{"timestamp","type","data":"k=v k2=v2"}` (run.sh `emit_event`): the string becomes an object;
 * 3. emit.sh flat appends, whose `data` carries `source` and `action` (and records with no `data` at all,
 *    whose other top-level keys become the data);
 * 4. hook / SDK records `{"type","source","timestamp","payload":{...}}`.
 * Timestamps may be `...Z`, `...123Z`, `+00:00` with microseconds or epoch numbers. Returns null for blank lines,
 * non-JSON, non-objects and records without a type. Never throws.
 */
export function parseEventLine(line: string): LokiEvent | null {
  if (typeof line !== 'string') return null;
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  let rec: unknown;
  try {
    rec = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(rec)) return null;
  const type = str(rec.type, 200) ?? str(rec.event, 200);
  if (type === undefined || type.trim() === '') return null;
  const data = eventData(rec);
  return {
    timestamp: isoTime(rec.timestamp) ?? isoTime(rec.ts) ?? isoTime(rec.time),
    type,
    source: str(rec.source, 200) ?? str(data.source, 200) ?? null,
    data,
  };
}

function eventData(rec: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(rec.data)) return clipValues(rec.data);
  if (typeof rec.data === 'string') return parseKeyValues(rec.data);
  if (isRecord(rec.payload)) return clipValues(rec.payload);
  if (rec.data !== undefined && rec.data !== null) return clipValues({ value: rec.data });
  if (rec.payload !== undefined && rec.payload !== null) return clipValues({ value: rec.payload });
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!ENVELOPE_KEYS.has(k)) flat[k] = v;
  return clipValues(flat);
}

/**
 * Turns run.sh's `k=v` data strings into an object. Pairs may be separated by spaces or commas, and a value runs
 * until the next ` key=` so values with spaces survive (`reason=user requested stop`). Numeric-looking values and
 * `true|false|null` are typed the way `emit_event_json` types them. Text without any `key=` is kept as `message`.
 */
export function parseKeyValues(text: string): Record<string, unknown> {
  const s = text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) : text;
  const out: Record<string, unknown> = {};
  const keyAt = /(?:^|[\s,]+)([A-Za-z_][\w.-]*)=/g;
  const marks: Array<{ key: string; start: number; valueStart: number }> = [];
  for (let m = keyAt.exec(s); m !== null && marks.length < MAX_KEYS; m = keyAt.exec(s)) {
    marks.push({ key: m[1] ?? '', start: m.index, valueStart: m.index + m[0].length });
  }
  if (marks.length === 0) return s.trim() === '' ? {} : { message: s.trim() };
  const lead = s.slice(0, marks[0]?.start ?? 0).trim();
  if (lead) out.message = lead;
  marks.forEach((mark, i) => {
    const end = marks[i + 1]?.start ?? s.length;
    out[mark.key] = typed(s.slice(mark.valueStart, end).trim());
  });
  return out;
}

function typed(v: string): unknown {
  const unquoted = /^"(.*)"$|^'(.*)'$/.exec(v);
  if (unquoted) return unquoted[1] ?? unquoted[2] ?? '';
  if (/^-?\d+(\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'null') return null;
  return v;
}

/** Shallow copy with long strings cut and at most {@link MAX_KEYS} keys. */
function clipValues(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(obj)) {
    if (n++ >= MAX_KEYS) break;
    out[k] = typeof v === 'string' && v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) + '…' : v;
  }
  return out;
}
