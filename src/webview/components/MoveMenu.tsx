// "Move to…" menu: the non-drag, non-arrow way to move a card.
import { useEffect, useRef } from 'preact/hooks';
import { TASK_STATUSES } from '../../core/domain';
import type { TaskStatus } from '../../core/domain';
import { COLUMN_TITLES } from '../model/boardModel';

/** Props of the menu. */
export interface MoveMenuProps {
  title: string;
  from: TaskStatus;
  /** Viewport position of the element that opened the menu. */
  anchor: { x: number; y: number };
  onPick: (to: TaskStatus) => void;
  onClose: () => void;
}

/** A popup menu listing the other columns. Up/Down move, Enter picks, Escape closes. */
export function MoveMenu(p: MoveMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) p.onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') { e.preventDefault(); e.stopPropagation(); p.onClose(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length]?.focus(); }
    e.stopPropagation();
  };
  return (
    <div ref={ref} class="menu" role="menu" aria-label={`Move ${p.title} to`} onKeyDown={onKeyDown}
      style={{ left: `${Math.max(4, p.anchor.x)}px`, top: `${p.anchor.y}px` }}>
      {TASK_STATUSES.filter(s => s !== p.from).map(s => (
        <button type="button" key={s} role="menuitem" class="menu-item" tabIndex={-1} data-status={s} onClick={() => p.onPick(s)}>
          {COLUMN_TITLES[s]}
        </button>
      ))}
    </div>
  );
}
