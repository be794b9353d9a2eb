import type { BudgetInfo, IterationMetric, TokenInfo } from '../domain';
import type { ParseResult } from './parseResult';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';

/** Labels (model, phase, status) are short; anything longer is a writer bug, cut so it cannot bloat the UI. */
const MAX_LABEL = 200;

/**
 * Parses `metrics/efficiency/iteration-N.json` (contract §8.2). run.sh writes `duration_ms`; the Bun stats
 * fixture writes `duration_seconds` (§9.6), both are accepted. Tokens and cost stay null when absent: null means
 * "not measured", never 0. A record without an iteration number is a problem.
 */
export function parseIterationMetric(text: string): ParseResult<IterationMetric> {
  const rec = record(text, 'iteration metric');
  if (!rec.ok) return rec;
  const r = rec.value;
  const iteration = num(r.iteration) ?? num(r.number);
  if (iteration === undefined || iteration < 0 || !Number.isInteger(iteration)) return fail('iteration metric has no valid "iteration" number');
  const ms = nonNegative(r.duration_ms);
  const secs = nonNegative(r.duration_seconds);
  return ok({
    iteration,
    model: str(r.model, MAX_LABEL) ?? null,
    phase: str(r.phase, MAX_LABEL) ?? null,
    status: str(r.status, MAX_LABEL) ?? null,
    durationMs: ms ?? (secs !== null ? Math.round(secs * 1000) : null),
    inputTokens: nonNegative(r.input_tokens),
    outputTokens: nonNegative(r.output_tokens),
    cacheReadTokens: nonNegative(r.cache_read_tokens),
    cacheCreationTokens: nonNegative(r.cache_creation_tokens),
    costUsd: nonNegative(r.cost_usd) ?? nonNegative(r.total_cost_usd),
    timestamp: isoTime(r.timestamp),
  });
}

/**
 * Parses `context/tracking.json` (contract §2.4): token and cost totals from `totals`
 * (`total_input`, `total_output`, `total_cost_usd`; summed from `per_iteration` when `totals` is missing) and the
 * context window use from `current.context_window_pct`.
 */
export function parseContextTracking(text: string): ParseResult<{ tokens: TokenInfo | null; costUsd: number | null; contextPct: number | null }> {
  const rec = record(text, 'context tracking');
  if (!rec.ok) return rec;
  const r = rec.value;
  let input: number | null = null;
  let output: number | null = null;
  let cost: number | null = null;
  if (isRecord(r.totals)) {
    input = nonNegative(r.totals.total_input) ?? nonNegative(r.totals.input_tokens);
    output = nonNegative(r.totals.total_output) ?? nonNegative(r.totals.output_tokens);
    cost = nonNegative(r.totals.total_cost_usd) ?? nonNegative(r.totals.cost_usd);
  } else if (Array.isArray(r.per_iteration)) {
    for (const it of r.per_iteration) {
      if (!isRecord(it)) continue;
      input = add(input, nonNegative(it.input_tokens));
      output = add(output, nonNegative(it.output_tokens));
      cost = add(cost, nonNegative(it.cost_usd));
    }
  }
  const current = isRecord(r.current) ? r.current : {};
  const pct = nonNegative(current.context_window_pct);
  return ok({
    tokens: input === null && output === null ? null : { input: input ?? 0, output: output ?? 0 },
    costUsd: cost ?? nonNegative(current.estimated_cost_usd),
    contextPct: pct === null ? null : Math.min(pct, 100),
  });
}

/**
 * Parses `metrics/budget.json` (`{"limit","budget_limit","budget_used","exceeded"[,"exceeded_at"]}`). `exceeded`
 * is taken as written (booleans or "true"/"false"); when absent it is derived from used >= limit.
 */
export function parseBudget(text: string): ParseResult<BudgetInfo> {
  const rec = record(text, 'budget');
  if (!rec.ok) return rec;
  const r = rec.value;
  const limit = nonNegative(r.limit) ?? nonNegative(r.budget_limit);
  const used = nonNegative(r.budget_used) ?? nonNegative(r.used) ?? nonNegative(r.current);
  const flag = bool(r.exceeded);
  return ok({
    limit,
    used,
    exceeded: flag ?? (limit !== null && limit > 0 && used !== null && used >= limit),
  });
}

function record(text: string, what: string): ParseResult<Record<string, unknown>> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return fail(`${what}: expected a JSON object`);
  return ok(parsed.value);
}

function nonNegative(x: unknown): number | null {
  const n = num(x);
  return n !== undefined && n >= 0 ? n : null;
}

function add(acc: number | null, x: number | null): number | null {
  if (x === null) return acc;
  return (acc ?? 0) + x;
}

function bool(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (x === 'true' || x === 1) return true;
  if (x === 'false' || x === 0) return false;
  return undefined;
}
