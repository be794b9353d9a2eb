// The "Needs you" lane above the board: every item that waits on a person, with its actions as buttons.
// Collapsed to one line when nothing does. Item text comes from `.loki` files: rendered as text, never as HTML.
import { useState } from 'preact/hooks';
import type { AttentionAction, AttentionItem } from '../../core/domain';

/** Button labels of the actions (the host's notifications use the same words). */
const LABELS: Record<AttentionAction, string> = {
  resume: 'Resume', sendInput: 'Send Input', openEscalation: 'Open Escalation', retryTask: 'Retry Task', openFile: 'Open File', raiseBudget: 'Raise Budget', stop: 'Stop',
};
/** Actions that only open a file: allowed in Restricted Mode. */
const READ_ONLY: ReadonlySet<AttentionAction> = new Set(['openFile', 'openEscalation', 'raiseBudget']);
/** Items rendered at most (a run with thousands of failed tasks must not render thousands of button rows). */
export const MAX_LANE_ITEMS = 50;
const ICONS: Record<AttentionItem['severity'], string> = { high: 'codicon-warning', medium: 'codicon-info', low: 'codicon-circle-small' };

/** Props of the lane. */
export interface NeedsYouLaneProps {
  items: AttentionItem[];
  /** Show the project name on each item (the all-projects view). */
  showProject: boolean;
  /** Null when writing is allowed, else why not. */
  disabledReason: string | null;
  onAct: (item: AttentionItem, action: AttentionAction) => void;
}

/** Short local time of an ISO stamp. */
function since(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `since ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** The lane. */
export function NeedsYouLane({ items, showProject, disabledReason, onAct }: NeedsYouLaneProps) {
  const [open, setOpen] = useState(true);
  if (items.length === 0) {
    return <div class="needs-you empty" role="status"><span class="codicon codicon-check" aria-hidden="true" /> Needs you: nothing waits on you.</div>;
  }
  const high = items.filter(i => i.severity === 'high').length;
  return (
    <section class="needs-you" aria-label="Needs you">
      <button type="button" class="needs-you-head" aria-expanded={open} onClick={() => setOpen(o => !o)}>
        <span class={`codicon ${open ? 'codicon-chevron-down' : 'codicon-chevron-right'}`} aria-hidden="true" />
        <span class="codicon codicon-bell-dot" aria-hidden="true" /> Needs you <vscode-badge variant="counter">{items.length}</vscode-badge>
        {high > 0 && <span class="needs-you-high">{high} urgent</span>}
      </button>
      {open && (
        <ul class="needs-you-list">
          {items.slice(0, MAX_LANE_ITEMS).map(item => (
            <li key={item.id} class={`need sev-${item.severity}`} data-kind={item.kind} data-item-id={item.id}>
              <span class={`codicon ${ICONS[item.severity]}`} aria-label={item.severity} />
              <span class="need-text">
                {showProject && <strong class="need-project">{item.projectName}: </strong>}
                <span class="need-reason">{item.reason}</span>
                <span class="need-meta" title={`.loki/${item.evidence.file}${item.evidence.field ? ` (${item.evidence.field})` : ''}`}>
                  {' '}{since(item.since)} · .loki/{item.evidence.file}
                </span>
              </span>
              <span class="need-actions">
                {item.actions.map(a => {
                  const locked = disabledReason !== null && !READ_ONLY.has(a);
                  return (
                    <span key={a} title={locked ? disabledReason ?? '' : LABELS[a]}>
                      <vscode-button class={`need-${a}`} secondary={a !== item.actions[0]} disabled={locked} onClick={() => onAct(item, a)}>{LABELS[a]}</vscode-button>
                    </span>
                  );
                })}
              </span>
            </li>
          ))}
          {items.length > MAX_LANE_ITEMS && <li class="need need-more">… and {items.length - MAX_LANE_ITEMS} more (the most urgent are shown first)</li>}
        </ul>
      )}
    </section>
  );
}
