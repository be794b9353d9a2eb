// Header: project switcher, session status, spend and context meters, session controls.
import type { ProjectInfo, Session } from '../../core/domain';
import { formatCost, formatDuration, formatTokens, percent, RARV_STEPS, since } from '../model/format';
import { ALL_PROJECTS } from '../model/uiState';
import { valueOf } from './elementEvents';
import { Meter } from './Meter';
import { SessionControls } from './SessionControls';
import type { SessionControlsProps } from './SessionControls';
import { useNow } from './useNow';

/** Props of the header. */
export interface HeaderProps {
  projects: ProjectInfo[];
  selected: string;
  onSelect: (id: string) => void;
  /** Session of the selected project; null in "All projects". */
  session: Session | null;
  /** Summed spend in "All projects". */
  totals: { costUsd: number; tokens: number; running: number } | null;
  controls: Omit<SessionControlsProps, 'session'> | null;
}

function statusIcon(status: Session['status']): string {
  switch (status) {
    case 'running': return 'codicon-play-circle';
    case 'paused': return 'codicon-debug-pause';
    case 'starting': case 'stopping': return 'codicon-loading';
    case 'completed': return 'codicon-pass';
    case 'failed': return 'codicon-error';
    default: return 'codicon-circle-large-outline';
  }
}

/** The dashboard header. */
export function Header(p: HeaderProps) {
  const now = useNow(1000);
  const s = p.session;
  const elapsed = s?.startedAt ? since(s.startedAt, s.endedAt ? Date.parse(s.endedAt) : now) : null;
  const budgetPct = s?.budget ? percent(s.budget.used, s.budget.limit) : null;
  return (
    <header class="header">
      <div class="header-row">
        <vscode-single-select class="project-switcher" aria-label="Project" value={p.selected} onChange={e => p.onSelect(valueOf(e))}>
          <vscode-option value={ALL_PROJECTS}>All projects</vscode-option>
          {p.projects.map(pr => <vscode-option key={pr.id} value={pr.id} description={pr.path}>{pr.name}</vscode-option>)}
        </vscode-single-select>
        {s && (
          <div class="session-status" role="status" aria-label="Session">
            <span class={`status-pill st-${s.status}`}>
              <span class={`codicon ${statusIcon(s.status)}`} aria-hidden="true" />
              <span class="session-status-text">{s.status}</span>
            </span>
            {s.phase && <span class="fact"><span class="k">Phase</span> {s.phase}</span>}
            {s.iteration != null && <span class="fact"><span class="k">Iteration</span> {s.iteration}</span>}
            {s.rarvStep != null && RARV_STEPS[s.rarvStep] && <span class="fact"><span class="k">RARV</span> {RARV_STEPS[s.rarvStep]}</span>}
            {s.provider && <span class="fact"><span class="k">Provider</span> {s.provider}</span>}
            {elapsed != null && <span class="fact"><span class="k">Elapsed</span> {formatDuration(elapsed)}</span>}
          </div>
        )}
        {p.totals && (
          <div class="session-status" role="status" aria-label="All projects">
            <span class="fact"><span class="k">Running</span> {p.totals.running}</span>
            <span class="fact"><span class="k">Cost</span> {formatCost(p.totals.costUsd)}</span>
            <span class="fact"><span class="k">Tokens</span> {formatTokens(p.totals.tokens)}</span>
          </div>
        )}
      </div>
      {s && (
        <div class="header-row">
          <div class="spend">
            <span class="fact"><span class="k">Tokens</span> {s.tokens ? `${formatTokens(s.tokens.input)} in / ${formatTokens(s.tokens.output)} out` : '—'}</span>
            <span class="fact"><span class="k">Cost</span> {s.costUsd != null ? formatCost(s.costUsd) : '—'}</span>
            {s.budget && (
              <Meter label="Budget" value={budgetPct} warn={s.budget.exceeded || (budgetPct ?? 0) >= 80}
                text={`${s.budget.used != null ? formatCost(s.budget.used) : '—'} of ${s.budget.limit != null ? formatCost(s.budget.limit) : 'no limit'}${s.budget.exceeded ? ' (exceeded)' : ''}`} />
            )}
            {s.contextPct != null && <Meter label="Context" value={Math.round(s.contextPct)} warn={s.contextPct >= 80} text={`${Math.round(s.contextPct)}% of the context window`} />}
          </div>
          {p.controls && <SessionControls session={s} {...p.controls} />}
        </div>
      )}
    </header>
  );
}
