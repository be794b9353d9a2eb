// Mouse drag and drop of cards between columns (HTML5 DnD): which card is dragged, which column is under it.
import { useRef, useState } from 'preact/hooks';
import type { TaskStatus } from '../../core/domain';
import type { BoardColumns } from '../model/boardModel';
import { findCard } from '../model/boardNavigation';
import type { CardRef } from '../model/uiState';

/** A card being dragged. */
export interface DraggedCard {
  ref: CardRef;
  title: string;
  from: TaskStatus;
}

/** What the board wires into its root element and its columns. */
export interface BoardDnd {
  /** The column a card is dragged over, for the drop highlight. */
  dragOver: TaskStatus | null;
  onDragStart: (e: DragEvent) => void;
  onDragEnd: () => void;
  onDragOver: (s: TaskStatus, e: DragEvent) => void;
  onDragLeave: (s: TaskStatus) => void;
  onDrop: (s: TaskStatus, e: DragEvent) => void;
}

/** Drag state of the board; `onMove` runs when a card is dropped on another column. Read-only cards never lift. */
export function useBoardDnd(cols: BoardColumns, canWrite: boolean, onMove: (card: DraggedCard, to: TaskStatus) => void): BoardDnd {
  const [dragOver, setDragOver] = useState<TaskStatus | null>(null);
  const dragging = useRef<DraggedCard | null>(null);
  return {
    dragOver,
    onDragStart: e => {
      const cardEl = (e.target as HTMLElement).closest<HTMLElement>('.card');
      if (!cardEl || !e.dataTransfer) return;
      const ref = { projectId: cardEl.dataset.projectId!, taskId: cardEl.dataset.taskId! };
      const at = findCard(cols, ref);
      if (!at || at.card.task.readOnly || !canWrite) { e.preventDefault(); return; }
      dragging.current = { ref, title: at.card.task.title, from: at.status };
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', at.card.task.title);
    },
    onDragEnd: () => { dragging.current = null; setDragOver(null); },
    onDragOver: (s, e) => {
      if (!dragging.current) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      if (dragOver !== s) setDragOver(s);
    },
    onDragLeave: s => { if (dragOver === s) setDragOver(null); },
    onDrop: (s, e) => {
      const d = dragging.current;
      dragging.current = null;
      setDragOver(null);
      if (!d) return;
      e.preventDefault();
      if (d.from !== s) onMove(d, s);
    },
  };
}
