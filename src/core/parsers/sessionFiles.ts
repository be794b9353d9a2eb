// Process and session files (contract §1.3): loki.pid, sessions/<id>/loki.pid, session.json, pids/<pid>.json,
// runner-route, state/provider and state/cli-provider.
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** Parses a pid file (`"<pid>\n"`). */
export function parsePidFile(text: string): ParseResult<number> {
  const t = text.trim();
  if (t === '') return fail('empty pid file (being written?)');
  if (!/^\d{1,10}$/.test(t)) return fail(`pid file does not hold a pid: ${JSON.stringify(t.slice(0, 40))}`);
  const pid = Number(t);
  return pid > 0 && pid <= 0x7fffffff ? ok(pid) : fail(`pid out of range: ${t}`);
}

/** `session.json` as the skill-invoked agent writes it (run.sh only rewrites `status`). */
export interface SessionJson {
  status: string | null;
  /** ISO; the session counts as stale 300 s after this. */
  updatedAt: string | null;
  startedAt: string | null;
  provider: string | null;
  pid: number | null;
}

/** Parses `session.json`; accepts `updatedAt`/`updated_at` and `startedAt`/`start_time`/`startTime`. */
export function parseSessionJson(text: string): ParseResult<SessionJson> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('session.json is not a JSON object');
  const pid = num(o.pid);
  return ok({
    status: str(o.status, 50)?.trim() || null,
    updatedAt: isoTime(o.updatedAt ?? o.updated_at),
    startedAt: isoTime(o.startedAt ?? o.start_time ?? o.startTime),
    provider: str(o.provider, 50)?.trim() || null,
    pid: pid !== undefined && Number.isSafeInteger(pid) && pid > 0 ? pid : null,
  });
}

/** A `pids/<pid>.json` registry record. */
export interface PidRecord {
  pid: number;
  /** `wrapper`, `runner` or null (plain registered children). */
  kind: string | null;
  label: string | null;
}

/** Parses `pids/<pid>.json`. */
export function parsePidRecord(text: string): ParseResult<PidRecord> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('pid record is not a JSON object');
  const pid = num(o.pid);
  if (pid === undefined || !Number.isSafeInteger(pid) || pid <= 0) return fail('pid record has no valid pid');
  return ok({ pid, kind: str(o.kind, 50)?.trim() || null, label: str(o.label, 200) ?? null });
}

/** Parses `runner-route`: `bun` means the sparse Bun runner wrote this `.loki`; anything else is bash. */
export function parseRunnerRoute(text: string): 'bash' | 'bun' {
  return text.trim().toLowerCase() === 'bun' ? 'bun' : 'bash';
}

/** Parses `state/provider` (`claude`) or `state/cli-provider` (`<provider>:<epoch>:<pid>`); null when blank. */
export function parseProviderFile(text: string): string | null {
  const first = text.trim().split(/\r?\n/)[0]?.split(':')[0]?.trim().toLowerCase();
  return first && /^[a-z0-9_-]{1,40}$/.test(first) ? first : null;
}
