// Token prices (USD per million tokens) the way Loki's Bun runner prices an efficiency record that carries tokens
// but no cost (loki-ts/data/model-pricing.json). Cost is taken as written whenever the record has one.
import type { IterationMetric } from '../domain';

interface Rate {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Loki's pricing table (model alias, lower case). Unknown models are priced as sonnet, as Loki does. */
export const PRICING: Readonly<Record<string, Rate>> = {
  fable: { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 },
  opus: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'gpt-5.3-codex': { input: 1.75, output: 14, cacheRead: 0.175, cacheWrite: 2.1875 },
  'gpt-5.6-sol': { input: 1.75, output: 14, cacheRead: 0.175, cacheWrite: 2.1875 },
  'gpt-5.6-terra': { input: 0.6, output: 4.8, cacheRead: 0.06, cacheWrite: 0.75 },
  'gpt-5.6-luna': { input: 0.15, output: 1.2, cacheRead: 0.015, cacheWrite: 0.1875 },
};

/** Rounds to 4 decimals the way Loki's budget code does (with an epsilon nudge so 0.00005 rounds up). */
export function round4(n: number): number {
  return Math.round((n + Number.EPSILON) * 10000) / 10000;
}

/** The cost of one record: its own cost when written, else its tokens priced by model. */
export function recordCost(m: IterationMetric): number {
  if (m.costUsd !== null) return m.costUsd;
  const rate = PRICING[(m.model ?? 'sonnet').toLowerCase()] ?? PRICING.sonnet!;
  return ((m.inputTokens ?? 0) * rate.input + (m.outputTokens ?? 0) * rate.output
    + (m.cacheReadTokens ?? 0) * rate.cacheRead + (m.cacheCreationTokens ?? 0) * rate.cacheWrite) / 1_000_000;
}

/** Loki's cost of a set of records (sum of {@link recordCost}, rounded to 4 decimals). */
export function costOfRecords(records: readonly IterationMetric[]): number {
  let total = 0;
  for (const m of records) total += recordCost(m);
  return round4(total);
}

/**
 * Loki's "measured" rule: records are measured when, summed over them, at least one of cost, input, output,
 * cache-read or cache-creation tokens is non-zero. A parseable file of zeros is not a measurement.
 */
export function isMeasured(records: readonly IterationMetric[]): boolean {
  if (records.length === 0) return false;
  const fields: Array<(m: IterationMetric) => number | null | undefined> = [
    m => m.costUsd, m => m.inputTokens, m => m.outputTokens, m => m.cacheReadTokens, m => m.cacheCreationTokens,
  ];
  return fields.some(f => records.reduce((sum, m) => sum + (f(m) ?? 0), 0) !== 0);
}
