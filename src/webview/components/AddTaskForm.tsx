// Inline form that adds a task to the selected project's queue (the host writes queue/pending.json).
import { useState } from 'preact/hooks';
import { TASK_PRIORITIES } from '../../core/domain';
import type { TaskPriority } from '../../core/domain';
import { valueOf } from './elementEvents';

/** Props of the form. */
export interface AddTaskFormProps {
  projectName: string;
  onSubmit: (task: { title: string; description: string; priority: TaskPriority }) => Promise<boolean>;
  onCancel: () => void;
}

/** The add-task form. */
export function AddTaskForm({ projectName, onSubmit, onCancel }: AddTaskFormProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('medium');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    const ok = await onSubmit({ title: title.trim(), description, priority });
    setBusy(false);
    if (ok) { setTitle(''); setDescription(''); }
  };
  return (
    <form class="add-form" aria-label={`Add task to ${projectName}`} onSubmit={submit}
      onKeyDown={e => { if (e.key === 'Escape') onCancel(); }}>
      <vscode-textfield class="add-title" placeholder="Task title" aria-label="Task title" value={title} autofocus
        onInput={e => setTitle(valueOf(e))} />
      <vscode-textarea class="add-description" placeholder="Description (optional)" aria-label="Description" rows={2} value={description}
        onInput={e => setDescription(valueOf(e))} />
      <vscode-single-select class="add-priority" aria-label="Priority" value={priority} onChange={e => setPriority(valueOf(e) as TaskPriority)}>
        {TASK_PRIORITIES.map(p => <vscode-option key={p} value={p}>{p}</vscode-option>)}
      </vscode-single-select>
      <vscode-button class="add-submit" disabled={!title.trim() || busy} onClick={submit}>Add</vscode-button>
      <vscode-button secondary onClick={onCancel}>Cancel</vscode-button>
    </form>
  );
}
