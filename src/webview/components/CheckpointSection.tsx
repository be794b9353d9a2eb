// The Checkpoint section of the card detail: compare with or roll back to the checkpoint taken after this task,
// or roll back to the one taken before it started. The host runs the commands (trust check and modal included).
import type { Task } from '../../core/domain';
import { checkpointAfter } from '../model/checkpointMarks';
import { useCheckpoints } from '../useCheckpoints';

/** Props of the section. */
export interface CheckpointSectionProps {
  projectId: string;
  task: Task;
  canWrite: boolean;
}

const RESTRICTED = 'Disabled in Restricted Mode: checkpoints are compared and restored with git';

/** Nothing when the project has no checkpoints. */
export function CheckpointSection({ projectId, task, canWrite }: CheckpointSectionProps) {
  const { byProject, run } = useCheckpoints();
  const list = byProject[projectId];
  if (!list?.length) return null;
  const after = checkpointAfter(list, task);
  const title = canWrite ? undefined : RESTRICTED;
  return (
    <section class="checkpoint-section" aria-label="Checkpoint">
      <h3>Checkpoint</h3>
      <p>{after ? <><span class="codicon codicon-history" aria-hidden="true" /> {after.id}{after.sha ? ` · ${after.sha.slice(0, 7)}` : ''}{after.timestamp ? ` · ${after.timestamp}` : ''}</> : 'No checkpoint was taken right after this task.'}</p>
      <div class="btn-row">
        {after && <>
          <vscode-button disabled={!canWrite} title={title} onClick={() => run(projectId, 'compare', { checkpointId: after.id })}>Compare with Working Tree</vscode-button>{' '}
          <vscode-button secondary disabled={!canWrite} title={title} onClick={() => run(projectId, 'openFiles', { checkpointId: after.id })}>Open Changed Files</vscode-button>{' '}
          <vscode-button secondary disabled={!canWrite} title={title} onClick={() => run(projectId, 'rollback', { checkpointId: after.id })}>Roll Back to This Checkpoint…</vscode-button>{' '}
        </>}
        <vscode-button secondary disabled={!canWrite} title={title} onClick={() => run(projectId, 'rollbackBeforeTask', { taskId: task.id })}>Roll Back to Before This Task…</vscode-button>
      </div>
    </section>
  );
}
