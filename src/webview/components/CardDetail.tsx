// Side panel with everything a card carries. Raw record shown as JSON text, never as markup.
import type { Task } from '../../core/domain';
import { COLUMN_TITLES } from '../model/boardModel';
import { formatCost, formatDuration, formatTokens } from '../model/format';
import { CheckpointSection } from './CheckpointSection';
import { readOnlyReason } from './TaskCard';

/** Props of the detail panel. */
export interface CardDetailProps {
  task: Task;
  projectName: string;
  projectId: string;
  canWrite: boolean;
  onClose: () => void;
  onOpenFile: (file: string) => void;
}

function rawText(task: Task): string {
  try {
    return JSON.stringify(task.raw ?? task, null, 2);
  } catch {
    return String(task.raw);
  }
}

/** The card detail side panel. */
export function CardDetail({ task: t, projectName, projectId, canWrite, onClose, onOpenFile }: CardDetailProps) {
  return (
    <aside class="detail" aria-label={`Card details: ${t.title}`} onKeyDown={e => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
      <header class="detail-head">
        <h2 class="detail-title">{t.title}</h2>
        <button type="button" class="icon-btn" onClick={onClose} title="Close details" aria-label="Close details">
          <span class="codicon codicon-close" aria-hidden="true" />
        </button>
      </header>
      <dl class="detail-facts">
        <dt>Id</dt><dd>{t.id}</dd>
        <dt>Status</dt><dd>{COLUMN_TITLES[t.status]}</dd>
        <dt>Priority</dt><dd>{t.priority}</dd>
        <dt>Source</dt><dd>{t.source}{t.readOnly && <> <span class="codicon codicon-lock" aria-hidden="true" /> {readOnlyReason(t)}</>}</dd>
        <dt>Project</dt><dd>{projectName}</dd>
        {t.agent && <><dt>Agent</dt><dd>{t.agent}</dd></>}
        {t.iteration != null && <><dt>Iteration</dt><dd>{t.iteration}</dd></>}
        {t.phase && <><dt>Phase</dt><dd>{t.phase}</dd></>}
        {t.provider && <><dt>Provider</dt><dd>{t.provider}</dd></>}
        {t.costUsd != null && <><dt>Cost</dt><dd>{formatCost(t.costUsd)}</dd></>}
        {t.tokens && <><dt>Tokens</dt><dd>{formatTokens(t.tokens.input)} in / {formatTokens(t.tokens.output)} out</dd></>}
        {t.durationMs != null && <><dt>Duration</dt><dd>{formatDuration(t.durationMs)}</dd></>}
        {t.exitCode != null && <><dt>Exit code</dt><dd>{t.exitCode}</dd></>}
        <dt>File</dt>
        <dd><button type="button" class="link-btn" onClick={() => onOpenFile(t.file)} title="Open the file this card was read from">{t.file}</button></dd>
      </dl>
      {t.gates && Object.keys(t.gates).length > 0 && (
        <section><h3>Gates</h3>
          <ul class="gates">{Object.entries(t.gates).map(([k, v]) => (
            <li key={k}><span class={`codicon ${/^pass/i.test(v) ? 'codicon-pass ok' : /^fail/i.test(v) ? 'codicon-error bad' : 'codicon-circle-large-outline'}`} aria-hidden="true" /> {k}: {v}</li>
          ))}</ul>
        </section>
      )}
      <CheckpointSection projectId={projectId} task={t} canWrite={canWrite} />
      {t.description && <section><h3>Description</h3><p class="prewrap">{t.description}</p></section>}
      {t.acceptanceCriteria && t.acceptanceCriteria.length > 0 && (
        <section><h3>Acceptance criteria</h3>
          <ul class="checklist">{t.acceptanceCriteria.map((c, i) => (
            <li key={i}><span class={`codicon ${t.status === 'completed' ? 'codicon-pass-filled ok' : 'codicon-circle-large-outline'}`} aria-hidden="true" /> {c}</li>
          ))}</ul>
        </section>
      )}
      {t.userStory && <section><h3>User story</h3><p class="prewrap">{t.userStory}</p></section>}
      {t.notes && t.notes.length > 0 && <section><h3>Notes</h3><ul>{t.notes.map((n, i) => <li key={i} class="prewrap">{n}</li>)}</ul></section>}
      {t.logs && t.logs.length > 0 && (
        <section><h3>Log</h3>
          <ol class="timeline">{t.logs.map((l, i) => (
            <li key={i} class={`lvl-${l.level}`}><time>{l.timestamp ?? ''}</time> <span class="lvl">{l.level}</span> <span class="prewrap">{l.message}</span></li>
          ))}</ol>
        </section>
      )}
      <section><h3>Raw record</h3><pre class="raw">{rawText(t)}</pre></section>
    </aside>
  );
}
