// KPI cards. A null KPI reads "not measured" (or "n/a" for rates without data), never 0.
import type { KpiSnapshot } from '../../../core/domain';
import { formatCost, formatDuration, formatTokens } from '../../model/format';

const NOT_MEASURED = 'not measured';

function Card(p: { label: string; value: string; hint?: string; measured: boolean }) {
  return (
    <div class={`kpi${p.measured ? '' : ' kpi-unmeasured'}`} role="listitem" data-testid="kpi-card">
      <div class="kpi-label">{p.label}</div>
      <div class="kpi-value">{p.value}</div>
      {p.hint && <div class="kpi-hint">{p.hint}</div>}
    </div>
  );
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x * 1000) / 10}%`);

/** The KPI cards and the notes that say what could not be computed. */
export function KpiCards({ kpis }: { kpis: KpiSnapshot }) {
  const e = kpis.efficiency;
  const a = kpis.accuracy;
  const breakdown = (b: Record<string, number>): string => Object.entries(b).map(([k, v]) => `${k} ${v}`).join(', ');
  return (
    <section aria-label="Key figures">
      <div class="kpis" role="list">
        <Card label="Iterations" value={String(e.iteration_count)} hint={breakdown(e.status_breakdown) || undefined} measured />
        <Card label="Total cost" value={e.total_cost_usd === null ? NOT_MEASURED : formatCost(e.total_cost_usd)} measured={e.total_cost_usd !== null}
          hint={e.avg_cost_per_iteration === null ? undefined : `${formatCost(e.avg_cost_per_iteration)} per iteration`} />
        <Card label="Tokens" measured={e.total_input_tokens !== null}
          value={e.total_input_tokens === null ? NOT_MEASURED : formatTokens(e.total_input_tokens + (e.total_output_tokens ?? 0))}
          hint={e.total_input_tokens === null ? undefined : `${formatTokens(e.total_input_tokens)} in / ${formatTokens(e.total_output_tokens ?? 0)} out`} />
        <Card label="Duration" value={e.iteration_count ? formatDuration(e.total_duration_ms) : NOT_MEASURED} measured={e.iteration_count > 0}
          hint={e.avg_duration_ms_per_iteration === null ? undefined : `${formatDuration(e.avg_duration_ms_per_iteration)} per iteration`} />
        <Card label="Iteration success" value={pct(a.iteration_success_rate)} measured={a.iteration_success_rate !== null}
          hint={breakdown(e.model_breakdown) || undefined} />
        <Card label="Council approval" value={pct(a.approval_rate)} measured={a.approval_rate !== null}
          hint={a.council_rounds ? `${a.council_rounds} rounds, ${pct(a.unanimous_rate)} unanimous` : 'no council rounds'} />
      </div>
      {kpis.notes.length > 0 && (
        <ul class="kpi-notes" aria-label="Notes">
          {kpis.notes.map(n => <li key={n}>{n}</li>)}
        </ul>
      )}
    </section>
  );
}
