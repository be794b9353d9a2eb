// The Insights tab: KPI cards, per-iteration charts (tokens, cost, duration; bars coloured by status), cumulative cost
// against the budget, and the iterations table. Figures come from the host (core/insights) and are asked for again
// whenever the project's iteration records change.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { InsightsData, ProjectSnapshot } from '../../../core/domain';
import type { DashboardCommand } from '../../../core/protocol';
import { formatCost, formatTokens } from '../../model/format';
import { barData, chartSummary, cumulativeCost, hasMeasured } from '../../model/insightsSeries';
import type { Metric } from '../../model/insightsSeries';
import type { HostConnection } from '../../useHost';
import { barOptions, cumulativeOptions } from './chartOptions';
import { IterationsTable } from './IterationsTable';
import { KpiCards } from './KpiCards';
import { UPlotChart } from './UPlotChart';

const TABLE_ID = 'insights-iterations';

const CHARTS: Array<{ metric: Metric; title: string; y: string; format: (v: number) => string }> = [
  { metric: 'tokens', title: 'Tokens per iteration', y: 'Tokens', format: v => formatTokens(v) },
  { metric: 'cost', title: 'Cost per iteration', y: 'USD', format: v => formatCost(v) },
  { metric: 'duration', title: 'Duration per iteration', y: 'Seconds', format: v => `${Math.round(v)}s` },
];
const OPTIONS = CHARTS.map(c => barOptions(c.title, c.y, c.format));

/** Props of the tab. */
export interface InsightsTabProps {
  host: HostConnection;
  snapshot: ProjectSnapshot | null;
  onCommand: (command: DashboardCommand, projectId: string) => void;
}

/** The tab. */
export function InsightsTab({ host, snapshot, onCommand }: InsightsTabProps) {
  const [data, setData] = useState<InsightsData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const projectId = snapshot?.project.id ?? null;

  useEffect(() => {
    if (!projectId) return undefined;
    let live = true;
    void host.rpc.request({ type: 'insights/request', projectId }).then(r => {
      if (!live) return;
      if (r.ok) { setData(r.value as InsightsData); setError(null); } else setError(r.error);
    });
    return () => { live = false; };
  }, [projectId, snapshot?.iterations, snapshot?.session.status, snapshot?.session.budget?.limit]);

  const rows = data && data.projectId === projectId ? data.rows : [];
  const bars = useMemo(() => CHARTS.map(c => barData(rows, c.metric)), [rows]);
  const limit = data?.budget?.limit ?? null;
  const cumulative = useMemo(() => {
    const [x, y] = cumulativeCost(rows);
    return limit !== null && limit > 0 ? [x, y, x.map(() => limit)] : [x, y];
  }, [rows, limit]);

  if (!snapshot) return <p class="empty">Choose a project to see its insights.</p>;
  return (
    <div class="insights">
      <div class="insights-toolbar">
        <vscode-button secondary onClick={() => onCommand('showKpis', snapshot.project.id)}>
          <span class="codicon codicon-graph" aria-hidden="true" /> Show KPIs
        </vscode-button>
        <vscode-button secondary onClick={() => onCommand('exportSession', snapshot.project.id)}>
          <span class="codicon codicon-export" aria-hidden="true" /> Export session…
        </vscode-button>
      </div>
      {error && <div class="banner error" role="alert">Insights unavailable: {error}</div>}
      {!data || data.projectId !== projectId ? <p class="empty"><vscode-progress-ring /> Loading insights…</p> : (
        <>
          <KpiCards kpis={data.kpis} />
          {rows.length === 0 ? <p class="empty">No iteration has finished yet; charts appear with the first one.</p> : (
            <div class="charts">
              {CHARTS.map((c, i) => (hasMeasured(rows, c.metric) ? (
                <UPlotChart key={c.metric} testId={`chart-${c.metric}`} data={bars[i]!} options={OPTIONS[i]!} layoutKey={c.metric}
                  label={chartSummary(rows, c.metric, c.title)} describedBy={TABLE_ID} />
              ) : <p key={c.metric} class="chart-empty" data-testid={`chart-${c.metric}`}>{c.title}: not measured.</p>))}
              <UPlotChart testId="chart-cumulative" data={cumulative as [number[], ...number[][]]} options={cumulativeOptions(cumulative.length > 2)}
                layoutKey={cumulative.length > 2 ? 'budget' : 'nobudget'}
                label={`Cumulative cost ${formatCost(cumulative[1]?.at(-1) ?? 0)}${limit ? ` of a ${formatCost(limit)} budget` : ''} after ${rows.length} iterations.`}
                describedBy={TABLE_ID} />
            </div>
          )}
          {rows.length > 0 && <IterationsTable rows={rows} id={TABLE_ID} projectId={snapshot.project.id} />}
        </>
      )}
    </div>
  );
}
