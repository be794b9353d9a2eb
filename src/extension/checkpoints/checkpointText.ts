// Wording of checkpoints in pickers, tree items and the rollback confirmation (pure, no vscode import).
import type { RollbackPlan } from '../../core/checkpoints/rollback';
import type { CheckpointInfo, ProjectInfo } from '../../core/domain';

const LIST = 12;

/** "3 min ago"-style age of an ISO time, or '' when unknown. */
export function ago(iso: string | null, now = Date.now()): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** Label, description and detail of a checkpoint (quick pick items and tree items). */
export function checkpointLabel(c: CheckpointInfo, now = Date.now()): { label: string; description: string; detail: string } {
  const label = `${c.iteration !== null ? `Iteration ${c.iteration}` : c.id}${c.task ? ` · ${c.task}` : ''}`;
  const description = [ago(c.timestamp, now), c.sha ? c.sha.slice(0, 7) : 'no commit', c.hasState ? '' : 'state pruned'].filter(Boolean).join(' · ');
  return { label, description, detail: c.id };
}

function bullets<T>(items: readonly T[], total: number, fmt: (x: T) => string): string {
  const lines = items.slice(0, LIST).map(x => `  ${fmt(x)}`);
  if (total > LIST) lines.push(`  … and ${total - LIST} more`);
  return lines.join('\n');
}

/** The modal confirmation of a rollback: what changes, which commits leave the branch, what is kept and saved. */
export function describeRollback(p: ProjectInfo, plan: RollbackPlan): { message: string; detail: string } {
  const cp = plan.checkpoint;
  const changed = plan.files.filter(f => f.status !== 'untracked');
  const untracked = plan.files.length - changed.length;
  const parts: string[] = [
    `Iteration ${cp.iteration ?? '?'}${cp.task ? ` · ${cp.task}` : ''}${cp.timestamp ? ` · ${cp.timestamp}` : ''} · ${plan.target.commit.slice(0, 8)}${plan.target.tree !== plan.target.commit ? ' + its uncommitted snapshot' : ''}`,
  ];
  parts.push(changed.length ? `Files that change (${changed.length}):\n${bullets(changed, changed.length, f => `${f.status === 'added' ? 'removed (added since)' : f.status === 'deleted' ? 'restored (deleted since)' : 'reverted'}: ${f.path}`)}` : 'No file content changes.');
  if (plan.commitsAfterCount) parts.push(`Commits after the checkpoint that leave ${plan.branch ?? 'HEAD'} (${plan.commitsAfterCount}):\n${bullets(plan.commitsAfter, plan.commitsAfterCount, c => `${c.sha.slice(0, 7)} ${c.subject}`)}`);
  if (untracked) parts.push(`${untracked} untracked file${untracked === 1 ? '' : 's'} stay as they are.`);
  if (plan.stateFiles.length) parts.push(`.loki state restored from the checkpoint: ${plan.stateFiles.join(', ')}.`);
  else parts.push('The checkpoint has no .loki state copies (pruned); only files are restored.');
  parts.push(`${plan.dirty ? 'Your uncommitted changes and the' : 'The'} current state are saved first: Loki: Undo Last Rollback restores everything.`);
  return { message: `Roll back ${p.name} to checkpoint ${cp.id}?`, detail: parts.join('\n\n') };
}
