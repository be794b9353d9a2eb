// The iterations table: every figure the charts draw, as text (the charts' text alternative).
import type { EfficiencyRow } from '../../../core/domain';
import { formatCost, formatDuration } from '../../model/format';

const dash = '—';
const time = (iso: string | null): string => (iso ? new Date(iso).toLocaleTimeString() : dash);

/** One row per iteration. */
export function IterationsTable({ rows, id }: { rows: readonly EfficiencyRow[]; id: string }) {
  return (
    <table class="iterations" id={id} data-testid="iterations-table">
      <caption>Iterations</caption>
      <thead>
        <tr>
          <th scope="col">#</th><th scope="col">Phase</th><th scope="col">Model</th><th scope="col">Status</th>
          <th scope="col" class="num">Tokens in</th><th scope="col" class="num">Tokens out</th><th scope="col" class="num">Cost</th>
          <th scope="col" class="num">Duration</th><th scope="col">Started</th><th scope="col">Ended</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(r => (
          <tr key={r.iteration}>
            <th scope="row">{r.iteration}</th>
            <td>{r.phase ?? dash}</td>
            <td>{r.model ?? dash}</td>
            <td><span class={`status-dot status-${r.status === 'completed' || r.status === 'success' ? 'ok' : r.status === 'failed' ? 'fail' : 'other'}`} aria-hidden="true" />{r.status ?? dash}</td>
            <td class="num">{r.inputTokens ?? 'not measured'}</td>
            <td class="num">{r.outputTokens ?? 'not measured'}</td>
            <td class="num">{r.costUsd === null ? 'not measured' : formatCost(r.costUsd)}</td>
            <td class="num">{r.durationMs === null ? dash : formatDuration(r.durationMs)}</td>
            <td>{time(r.startedAt)}</td>
            <td>{time(r.endedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
