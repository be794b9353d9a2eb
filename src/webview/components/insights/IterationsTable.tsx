// The iterations table: every figure the charts draw, as text (the charts' text alternative).
import type { CheckpointInfo, EfficiencyRow } from '../../../core/domain';
import { checkpointAfter } from '../../model/checkpointMarks';
import { formatCost, formatDuration } from '../../model/format';
import { useCheckpoints } from '../../useCheckpoints';

const dash = '—';
const time = (iso: string | null): string => (iso ? new Date(iso).toLocaleTimeString() : dash);

/** One row per iteration. */
export function IterationsTable({ rows, id, projectId }: { rows: readonly EfficiencyRow[]; id: string; projectId?: string }) {
  const checkpoints = useCheckpoints().byProject[projectId ?? ''];
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
            <th scope="row">{r.iteration}<CheckpointMark cp={checkpointAfter(checkpoints, { id: `iteration-${r.iteration}` })} /></th>
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

/** The checkpoint taken after the iteration (compare or roll back from the Board's card detail). */
function CheckpointMark({ cp }: { cp: CheckpointInfo | null }) {
  if (!cp) return null;
  const text = `Checkpoint ${cp.id}${cp.sha ? ` at ${cp.sha.slice(0, 7)}` : ''}`;
  return <span class="codicon codicon-history checkpoint-mark" role="img" aria-label={text} title={text} />;
}
