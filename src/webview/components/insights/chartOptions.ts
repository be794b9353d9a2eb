// uPlot options for the Insights charts: bars per iteration coloured by status, and the cumulative cost line
// against the budget. Integer iteration numbers on x, zero-based y.
import uPlot from 'uplot';
import type { ChartTheme } from './chartTheme';
import { CHART_HEIGHT } from './UPlotChart';

const GROUP_LABEL = { succeeded: 'Succeeded', failed: 'Failed', other: 'Other' } as const;

function axes(t: ChartTheme, yLabel: string, format: (v: number) => string): uPlot.Axis[] {
  const common = { stroke: t.foreground, font: t.font, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 } };
  return [
    { ...common, label: 'Iteration', labelFont: t.font, values: (_u, splits) => splits.map(v => (Number.isInteger(v) ? String(v) : '')) },
    { ...common, label: yLabel, labelFont: t.font, size: 60, values: (_u, splits) => splits.map(format) },
  ];
}

const scales: uPlot.Scales = {
  x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
  y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
};

/** Bars of one metric, one series per status group (succeeded, failed, other). */
export function barOptions(title: string, yLabel: string, format: (v: number) => string) {
  return (t: ChartTheme, width: number): uPlot.Options => {
    const bars = uPlot.paths.bars!({ size: [0.7, 48] });
    const group = (g: keyof typeof GROUP_LABEL, color: string): uPlot.Series => ({
      label: GROUP_LABEL[g], stroke: color, fill: color, width: 1, paths: bars, points: { show: false }, value: (_u, v) => (v == null ? '—' : format(v)),
    });
    return {
      title, width, height: CHART_HEIGHT, scales, axes: axes(t, yLabel, format), legend: { live: false },
      cursor: { points: { show: false } },
      series: [{ label: 'Iteration' }, group('succeeded', t.succeeded), group('failed', t.failed), group('other', t.other)],
    };
  };
}

/** Cumulative measured cost per iteration, with the budget limit as a flat line when one is set. */
export function cumulativeOptions(withBudget: boolean) {
  return (t: ChartTheme, width: number): uPlot.Options => {
    const money = (v: number): string => `$${v.toFixed(v < 1 ? 3 : 2)}`;
    const series: uPlot.Series[] = [
      { label: 'Iteration' },
      { label: 'Cumulative cost', stroke: t.line, width: 2, points: { show: true, size: 5, fill: t.line }, value: (_u, v) => (v == null ? '—' : money(v)) },
    ];
    if (withBudget) series.push({ label: 'Budget', stroke: t.budget, width: 2, dash: [6, 4], points: { show: false }, value: (_u, v) => (v == null ? '—' : money(v)) });
    return { title: 'Cumulative cost', width, height: CHART_HEIGHT, scales, axes: axes(t, 'USD', money), legend: { live: false }, series };
  };
}
