// Strict reading of `.loki/app.json` with the rules Loki's project-graph.sh applies (not the lenient display parser).
import { isRecord, parseJson } from '../parsers/parseResult';

const APP_ID = /^[a-z0-9-]{3,40}$/;

/**
 * The app id of a manifest when Loki would accept it, else null: `schema_version` must equal 1 (Python's `!= 1`, so
 * `true` and `1.0` pass too) and `app_id` must match `^[a-z0-9-]{3,40}$` (Python's `$` also allows one trailing newline).
 */
export function manifestAppId(text: string): string | null {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return null;
  const r = parsed.value;
  if (r.schema_version !== 1 && r.schema_version !== true) return null;
  const id = r.app_id === undefined ? '' : r.app_id;
  if (typeof id !== 'string') return null;
  const trimmed = id.endsWith('\n') ? id.slice(0, -1) : id;
  return APP_ID.test(trimmed) ? trimmed : null;
}

/** Best-effort `members[]` (strings only) and `shared_memory_dir` of a manifest; never validates schema or id, as Loki. */
export function manifestMeta(text: string): { members: string[]; sharedMemoryDir: string | null } {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return { members: [], sharedMemoryDir: null };
  const r = parsed.value;
  const members = Array.isArray(r.members) ? r.members.filter((m): m is string => typeof m === 'string') : [];
  const smd = typeof r.shared_memory_dir === 'string' && r.shared_memory_dir !== '' ? r.shared_memory_dir : null;
  return { members, sharedMemoryDir: smd };
}
