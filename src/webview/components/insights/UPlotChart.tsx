// A uPlot chart inside Preact: created once per theme (and per series layout), fed new data with setData, resized
// with its container. uPlot draws on a canvas and styles through the CSSOM only, so it runs under the strict CSP;
// its stylesheet is imported by main.tsx into dist/webview.css (this file loads in a lazy chunk).
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import type { ChartTheme } from './chartTheme';
import { readChartTheme, watchTheme } from './chartTheme';

/** Chart height in CSS pixels. */
export const CHART_HEIGHT = 180;

/** Props of a chart. */
export interface UPlotChartProps {
  /** Columnar data: x values, then one array per series. */
  data: uPlot.AlignedData;
  /** Builds the options for the current theme and width (called again after a theme change). */
  options: (theme: ChartTheme, width: number) => uPlot.Options;
  /** Rebuild (not just setData) when this changes, e.g. when a budget series appears. */
  layoutKey: string;
  /** Accessible name: what the picture shows, in one sentence. */
  label: string;
  /** Id of the table that holds the same numbers (the text alternative). */
  describedBy: string;
  testId: string;
}

/** One chart. */
export function UPlotChart(p: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useRef(p.data);
  data.current = p.data;
  const [themeTick, setThemeTick] = useState(0);

  useEffect(() => watchTheme(() => setThemeTick(t => t + 1)), []);

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const width = (): number => Math.max(200, el.clientWidth);
    const u = new uPlot(p.options(readChartTheme(), width()), data.current, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: width(), height: CHART_HEIGHT }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [themeTick, p.layoutKey]);

  useEffect(() => {
    plot.current?.setData(p.data);
  }, [p.data]);

  return (
    <div class="chart" ref={box} role="img" aria-label={p.label} aria-describedby={p.describedBy}
      data-testid={p.testId} data-points={p.data[0].length} />
  );
}
