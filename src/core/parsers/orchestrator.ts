import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** `state/orchestrator.json` (contract §1.3). `currentPhase` is an open string. */
export interface OrchestratorState {
  currentPhase: string | null;
  /** `startedAt` exactly as written (the session id is built from it, so it must not be re-formatted). */
  startedAtRaw: string | null;
  /** `startedAt` normalised to ISO. */
  startedAt: string | null;
  version: string | null;
  /** Bun writes `iteration`; bash writes none (the model takes iterations from autonomy-state only). */
  iteration: number | null;
}

/** Parses `state/orchestrator.json`. */
export function parseOrchestrator(text: string): ParseResult<OrchestratorState> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('state/orchestrator.json is not a JSON object');
  const phase = str(o.currentPhase, 200)?.trim();
  const started = str(o.startedAt, 100)?.trim();
  const it = num(o.iteration ?? o.currentIteration);
  return ok({
    currentPhase: phase ? phase : null,
    startedAtRaw: started ? started : null,
    startedAt: isoTime(started),
    version: str(o.version, 100) ?? null,
    iteration: it !== undefined && Number.isSafeInteger(it) && it >= 0 ? it : null,
  });
}
