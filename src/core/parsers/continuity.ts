// `CONTINUITY.md` (contract §1.5): run.sh rewrites it after every iteration with `- RARV Step: <NAME>` under
// `## Current State`. It is the bash runner's only live RARV step (dashboard-state's `rarv` is frozen, §9.1).
import { ok } from './parseResult';
import type { ParseResult } from './parseResult';

/** What the product reads from CONTINUITY.md. */
export interface Continuity {
  /** REASON/ACT/REFLECT/VERIFY as written, or null. */
  rarvStep: string | null;
}

/** Parses CONTINUITY.md; any text is accepted (the agent edits it too). */
export function parseContinuity(text: string): ParseResult<Continuity> {
  const m = /^\s*[-*]\s*RARV Step:\s*([A-Za-z]+)/m.exec(text);
  return ok({ rarvStep: m?.[1]?.toUpperCase() ?? null });
}
