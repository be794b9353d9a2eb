// Filters (text, priority, source, failed only) and the Add task button above the board.
import { TASK_PRIORITIES } from '../../core/domain';
import type { TaskPriority } from '../../core/domain';
import type { BoardFilter } from '../model/uiState';
import { valueOf, checkedOf } from './elementEvents';

/** Props of the toolbar. */
export interface BoardToolbarProps {
  filter: BoardFilter;
  sources: string[];
  canAdd: boolean;
  addDisabledReason: string | null;
  onFilter: (f: BoardFilter) => void;
  onAdd: () => void;
}

/** The board toolbar. */
export function BoardToolbar({ filter, sources, canAdd, addDisabledReason, onFilter, onAdd }: BoardToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label="Board filters">
      <vscode-textfield class="filter-text" placeholder="Filter cards" aria-label="Filter cards by text" value={filter.text}
        onInput={e => onFilter({ ...filter, text: valueOf(e) })}>
        <span slot="content-before" class="codicon codicon-filter" aria-hidden="true" />
      </vscode-textfield>
      <vscode-single-select class="filter-priority" aria-label="Priority" value={filter.priority}
        onChange={e => onFilter({ ...filter, priority: valueOf(e) as TaskPriority | '' })}>
        <vscode-option value="">All priorities</vscode-option>
        {TASK_PRIORITIES.map(p => <vscode-option key={p} value={p}>{p}</vscode-option>)}
      </vscode-single-select>
      <vscode-single-select class="filter-source" aria-label="Source" value={filter.source}
        onChange={e => onFilter({ ...filter, source: valueOf(e) })}>
        <vscode-option value="">All sources</vscode-option>
        {sources.map(s => <vscode-option key={s} value={s}>{s}</vscode-option>)}
      </vscode-single-select>
      <vscode-checkbox class="filter-failed" label="Failed only" checked={filter.failedOnly}
        onChange={e => onFilter({ ...filter, failedOnly: checkedOf(e) })} />
      <span class="spacer" />
      <span title={addDisabledReason ?? 'Add a task to this project\'s queue'}>
        <vscode-button class="add-task" icon="add" disabled={!canAdd} onClick={onAdd}>Add task</vscode-button>
      </span>
    </div>
  );
}
