// Pure shaping of efficiency rows for the Insights charts: one bar series per status group (so each bar takes its
// status colour), the cumulative cost line, and the sentence screen readers hear instead of the picture.
import type { EfficiencyRow } from '../../core/domain';

/** Status groups the bars are coloured by. */
export const STATUS_GROUPS = ['succeeded', 'failed', 'other'] as const;
/** A status group. */
export type StatusGroup = (typeof STATUS_GROUPS)[number];

/** Which group a row's status falls in ("completed" and "success" both count as succeeded, as the KPIs do). */
export function statusGroup(status: string | null): StatusGroup {
  if (status === 'completed' || status === 'success') return 'succeeded';
  if (status === 'failed' || status === 'error') return 'failed';
  return 'other';
}

/** A per-iteration metric the charts plot. */
export type Metric = 'tokens' | 'cost' | 'duration';

/** The value of one metric in a row (null = not measured: no bar). Duration in seconds. */
export function metricValue(r: EfficiencyRow, m: Metric): number | null {
  switch (m) {
    case 'tokens': return r.inputTokens === null && r.outputTokens === null ? null : (r.inputTokens ?? 0) + (r.outputTokens ?? 0);
    case 'cost': return r.costUsd;
    case 'duration': return r.durationMs === null ? null : r.durationMs / 1000;
  }
}

/** uPlot's columnar data: x (iteration numbers), then one series per status group. */
export type BarData = [number[], ...Array<Array<number | null>>];

/** Bars of one metric, split by status group (a row contributes to exactly one series). */
export function barData(rows: readonly EfficiencyRow[], m: Metric): BarData {
  const x = rows.map(r => r.iteration);
  const series = STATUS_GROUPS.map(g => rows.map(r => (statusGroup(r.status) === g ? metricValue(r, m) : null)));
  return [x, ...series];
}

/** Running total of measured cost; iterations that measured nothing add nothing (the line stays flat). */
export function cumulativeCost(rows: readonly EfficiencyRow[]): [number[], number[]] {
  let total = 0;
  return [rows.map(r => r.iteration), rows.map(r => (total = Math.round((total + (r.costUsd ?? 0)) * 1e6) / 1e6))];
}

/** True when any row measured this metric (otherwise the chart says "not measured" instead of drawing zeros). */
export function hasMeasured(rows: readonly EfficiencyRow[], m: Metric): boolean {
  return rows.some(r => metricValue(r, m) !== null);
}

/** One-sentence summary of a chart for its accessible name. */
export function chartSummary(rows: readonly EfficiencyRow[], m: Metric, label: string): string {
  const values = rows.map(r => metricValue(r, m)).filter((v): v is number => v !== null);
  if (values.length === 0) return `${label}: not measured for any of ${rows.length} iterations.`;
  const max = Math.max(...values);
  const peak = rows.find(r => metricValue(r, m) === max)!;
  return `${label} for ${rows.length} iterations (${values.length} measured); highest ${round(max)} at iteration ${peak.iteration}. The iterations table below has every value.`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n < 1 ? 4 : 1);
}
