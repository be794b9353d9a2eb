import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** `autonomy-state.json` (contract §1.3): the most reliable source of the iteration number and the runner's status. */
export interface AutonomyState {
  /** Iterations started so far; null when absent or not a non-negative integer. */
  iterationCount: number | null;
  /** Status as written (`running`, `exited`, `completion_promise_fulfilled`, ...). */
  status: string | null;
  pid: number | null;
  prdPath: string | null;
  /** Normalised ISO time of the last save. */
  lastRun: string | null;
  lastExitCode: number | null;
  retryCount: number | null;
}

const nonNegInt = (x: unknown): number | null => {
  const n = num(x);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/** Parses `autonomy-state.json` (bash and Bun write the same layout). */
export function parseAutonomyState(text: string): ParseResult<AutonomyState> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('autonomy-state.json is not a JSON object');
  const status = str(o.status, 200)?.trim();
  const pid = nonNegInt(o.pid);
  const code = num(o.lastExitCode);
  return ok({
    iterationCount: nonNegInt(o.iterationCount),
    status: status ? status : null,
    pid: pid !== null && pid > 0 ? pid : null,
    prdPath: str(o.prdPath, 4096) ?? null,
    lastRun: isoTime(o.lastRun),
    lastExitCode: code !== undefined && Number.isSafeInteger(code) ? code : null,
    retryCount: nonNegInt(o.retryCount),
  });
}
