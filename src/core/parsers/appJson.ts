import type { ParseResult } from './parseResult';
import { fail, isRecord, num, ok, parseJson, str } from './parseResult';

/**
 * Parses `.loki/app.json`, the project-graph manifest (`{"schema_version":1,"app_id":"acme"}`) that groups sibling
 * projects into one logical app. `appId` is null when missing or blank; `schemaVersion` is null when not a number
 * (Loki itself only understands version 1, the caller decides what to do with others).
 */
export function parseAppJson(text: string): ParseResult<{ appId: string | null; schemaVersion: number | null }> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  if (!isRecord(r)) return fail('app.json: expected a JSON object');
  const appId = (str(r.app_id, 500) ?? str(r.appId, 500))?.trim() || null;
  const version = num(r.schema_version) ?? num(r.schemaVersion);
  return ok({ appId, schemaVersion: version !== undefined && Number.isInteger(version) ? version : null });
}
