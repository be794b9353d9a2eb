// One card on the board. Every string from .loki is rendered as a text node (Preact escapes it).
// Memoized: a delta replaces only the task objects that changed, so only their cards render again.
import { Component } from 'preact';
import type { Task } from '../../core/domain';
import { formatDuration, since } from '../model/format';
import { cardFacts } from '../model/cardFacts';
import { checkpointAfter } from '../model/checkpointMarks';
import { useCheckpoints } from '../useCheckpoints';

export { readOnlyReason } from '../model/cardFacts';

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

/** A card that renders again only when one of its props changed (the task by identity). */
export class TaskCard extends Component<TaskCardProps> {
  override shouldComponentUpdate(next: TaskCardProps): boolean {
    const prev = this.props;
    for (const k of Object.keys(next) as Array<keyof TaskCardProps>) if (prev[k] !== next[k]) return true;
    return false;
  }

  override render() {
    return <TaskCardView {...this.props} />;
  }
}

/** A focusable, optionally draggable card. Keyboard and drag handling live on the board (event delegation). */
export function TaskCardView(p: TaskCardProps) {
  const t = p.task;
  const f = cardFacts(t);
  const movable = !t.readOnly && p.canWrite;
  const age = since(t.createdAt ?? t.startedAt, p.now);
  const gates = f.gates;
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
      title={f.readOnlyReason ?? undefined}
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
        {f.cost !== null && <span class="chip">{f.cost}</span>}
        {f.tokens && <span class="chip" title={f.tokens.title}>{f.tokens.text}</span>}
        {f.duration !== null && <span class="chip" title="Duration">{f.duration}</span>}
        {gates && (
          <span class={`chip ${gates.fail ? 'chip-fail' : 'chip-pass'}`} title={gates.title}>
            <span class={`codicon ${gates.fail ? 'codicon-error' : 'codicon-pass'}`} aria-hidden="true" />
            {gates.pass} passed{gates.fail ? `, ${gates.fail} failed` : ''}
          </span>
        )}
        {cp && <span class="chip chip-checkpoint" title={`Checkpoint ${cp.id}${cp.sha ? ` at ${cp.sha.slice(0, 7)}` : ''} taken after this iteration. Open the card to compare or roll back.`}>
          <span class="codicon codicon-history" aria-hidden="true" />checkpoint</span>}
        {p.pending && <span class="chip" title="Waiting for the queue file to be written">moving…</span>}
        <span class="spacer" />
        {f.readOnlyReason !== null
          ? <span class="codicon codicon-lock" role="img" aria-label={f.readOnlyReason} title={f.readOnlyReason} />
          : <button type="button" class="icon-btn move-btn" data-action="move-menu" disabled={!p.canWrite}
              title={p.canWrite ? 'Move to…' : 'Moving cards is disabled in Restricted Mode'} aria-label={`Move ${t.title} to…`} aria-haspopup="menu" tabIndex={-1}>
              <span class="codicon codicon-arrow-swap" aria-hidden="true" />
            </button>}
      </div>
    </div>
  );
}
