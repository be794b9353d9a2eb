// One card on the board. Every string from .loki is rendered as a text node (Preact escapes it).
import type { Task } from '../../core/domain';
import { formatCost, formatDuration, formatTokens, since } from '../model/format';
import { checkpointAfter } from '../model/checkpointMarks';
import { useCheckpoints } from '../useCheckpoints';

/** Props of a card. */
export interface TaskCardProps {
  projectId: string;
  task: Task;
  /** Project name shown in "All projects". */
  projectName: string | null;
  position: number;
  setSize: number;
  tabbable: boolean;
  lifted: boolean;
  open: boolean;
  pending: boolean;
  canWrite: boolean;
  now: number;
}

/** Why a card cannot be moved, for the tooltip and screen readers. */
export function readOnlyReason(task: Task): string {
  if (task.source === 'iteration') return 'Iteration card: written by the runner, cannot be moved';
  if (task.source === 'todo') return 'TodoWrite mirror: written by the agent, cannot be moved';
  return 'Managed by the runner: cannot be moved';
}

function gateSummary(gates: Record<string, string>): { pass: number; fail: number; other: number } {
  let pass = 0, fail = 0, other = 0;
  for (const v of Object.values(gates)) {
    if (/^pass/i.test(v)) pass++;
    else if (/^fail/i.test(v)) fail++;
    else other++;
  }
  return { pass, fail, other };
}

/** A focusable, optionally draggable card. Keyboard and drag handling live on the board (event delegation). */
export function TaskCard(p: TaskCardProps) {
  const t = p.task;
  const movable = !t.readOnly && p.canWrite;
  const age = since(t.createdAt ?? t.startedAt, p.now);
  const gates = t.gates && Object.keys(t.gates).length ? gateSummary(t.gates) : null;
  const cp = checkpointAfter(useCheckpoints().byProject[p.projectId], t);
  const cls = ['card', `prio-${t.priority}`, t.readOnly ? 'readonly' : '', p.lifted ? 'lifted' : '', p.open ? 'open' : '', p.pending ? 'pending' : '']
    .filter(Boolean).join(' ');
  return (
    <div
      role="listitem"
      class={cls}
      tabIndex={p.tabbable ? 0 : -1}
      draggable={movable}
      aria-grabbed={movable ? p.lifted : undefined}
      aria-describedby={movable ? 'kb-move-help' : undefined}
      aria-posinset={p.position}
      aria-setsize={p.setSize}
      aria-current={p.open ? 'true' : undefined}
      data-project-id={p.projectId}
      data-task-id={t.id}
      title={t.readOnly ? readOnlyReason(t) : undefined}
    >
      <div class="card-title">
        <span class={`prio-dot prio-${t.priority}`} title={`Priority: ${t.priority}`} aria-label={`Priority ${t.priority}`} role="img" />
        <span class="card-title-text">{t.title}</span>
      </div>
      <div class="card-meta">
        <span class="card-id">{t.id}</span>
        <span class="sep" aria-hidden="true">·</span>
        <span>{t.source}</span>
        {t.agent && <><span class="sep" aria-hidden="true">·</span><span class="codicon codicon-hubot" aria-hidden="true" /><span>{t.agent}</span></>}
        {age !== null && <><span class="sep" aria-hidden="true">·</span><span title={t.createdAt ?? t.startedAt}>{formatDuration(age)}</span></>}
        {p.projectName && <><span class="sep" aria-hidden="true">·</span><span class="card-project">{p.projectName}</span></>}
      </div>
      <div class="card-foot">
        {t.costUsd != null && <span class="chip">{formatCost(t.costUsd)}</span>}
        {t.tokens && <span class="chip" title={`${t.tokens.input} in / ${t.tokens.output} out`}>{formatTokens(t.tokens.input + t.tokens.output)} tok</span>}
        {t.durationMs != null && <span class="chip" title="Duration">{formatDuration(t.durationMs)}</span>}
        {gates && (
          <span class={`chip ${gates.fail ? 'chip-fail' : 'chip-pass'}`} title={Object.entries(t.gates!).map(([k, v]) => `${k}: ${v}`).join('\n')}>
            <span class={`codicon ${gates.fail ? 'codicon-error' : 'codicon-pass'}`} aria-hidden="true" />
            {gates.pass} passed{gates.fail ? `, ${gates.fail} failed` : ''}
          </span>
        )}
        {cp && <span class="chip chip-checkpoint" title={`Checkpoint ${cp.id}${cp.sha ? ` at ${cp.sha.slice(0, 7)}` : ''} taken after this iteration. Open the card to compare or roll back.`}>
          <span class="codicon codicon-history" aria-hidden="true" />checkpoint</span>}
        {p.pending && <span class="chip" title="Waiting for the queue file to be written">moving…</span>}
        <span class="spacer" />
        {t.readOnly
          ? <span class="codicon codicon-lock" role="img" aria-label={readOnlyReason(t)} title={readOnlyReason(t)} />
          : <button type="button" class="icon-btn move-btn" data-action="move-menu" disabled={!p.canWrite}
              title={p.canWrite ? 'Move to…' : 'Moving cards is disabled in Restricted Mode'} aria-label={`Move ${t.title} to…`} aria-haspopup="menu" tabIndex={-1}>
              <span class="codicon codicon-arrow-swap" aria-hidden="true" />
            </button>}
      </div>
    </div>
  );
}
