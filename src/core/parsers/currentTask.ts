import { fail, isRecord, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** The task the runner works on (`queue/current-task.json`). */
export interface CurrentTask {
  id: string;
  title: string | null;
}

/** Parses `queue/current-task.json`; `{}` (written at every iteration end) and an id-less object mean "none" (null). */
export function parseCurrentTask(text: string): ParseResult<CurrentTask | null> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('queue/current-task.json is not a JSON object');
  const id = str(o.id, 1000)?.trim();
  if (!id) return ok(null);
  const payload = isRecord(o.payload) ? o.payload : {};
  return ok({ id, title: str(o.title, 1000) ?? str(payload.action, 1000) ?? null });
}
