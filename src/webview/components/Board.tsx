// The Kanban board: five windowed columns, keyboard and mouse moves, Move to… menu, card detail.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { TASK_STATUSES } from '../../core/domain';
import type { ProjectSnapshot, TaskStatus } from '../../core/domain';
import { boardColumns, COLUMN_TITLES, filterColumns } from '../model/boardModel';
import { cardsToCome } from '../model/dashboardState';
import { findCard as find, nextCard } from '../model/boardNavigation';
import { IDLE, keyboardMove, toMoveKey } from '../model/keyboardMove';
import type { KeyboardMoveState } from '../model/keyboardMove';
import { scrollToReveal } from '../model/virtualWindow';
import type { BoardFilter, CardRef } from '../model/uiState';
import type { HostConnection } from '../useHost';
import { usePersisted, useVsCode } from '../vscodeApi';
import { CardDetail } from './lazyParts';
import { CARD_ROW_HEIGHT, Column } from './Column';
import { MoveMenu } from './MoveMenu';
import { useBoardDnd } from './useBoardDnd';
import { useNow } from './useNow';

/** Props of the board. */
export interface BoardProps {
  host: HostConnection;
  snapshots: ProjectSnapshot[];
  filter: BoardFilter;
  /** Names per project when several are shown, else null. */
  projectNames: Readonly<Record<string, string>> | null;
  canWrite: boolean;
}

const cardKey = (projectId: string, taskId: string) => `${projectId}/${taskId}`;

/** The board tab. */
export function Board({ host, snapshots, filter, projectNames, canWrite }: BoardProps) {
  const api = useVsCode();
  const now = useNow(30_000);
  const [openCard, setOpenCard] = usePersisted('openCard', null);
  const [columnScroll, setColumnScroll] = usePersisted('columnScroll', {});
  const [active, setActive] = useState<CardRef | null>(null);
  const [kb, setKb] = useState<KeyboardMoveState>(IDLE);
  const [menu, setMenu] = useState<{ ref: CardRef; title: string; from: TaskStatus; anchor: { x: number; y: number } } | null>(null);
  const focusWanted = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const scrollRefs = useMemo(() => Object.fromEntries(TASK_STATUSES.map(s => [s, { current: null }])) as unknown as Record<TaskStatus, RefObject<HTMLDivElement>>, []);
  const scrollSave = useRef<number | undefined>(undefined);

  const all = useMemo(() => boardColumns(snapshots, host.moves), [snapshots, host.moves]);
  const cols = useMemo(() => filterColumns(all, filter), [all, filter]);
  const projectIds = snapshots.map(s => s.project.id);
  const pendingIds = useMemo(() => new Set(host.moves.map(m => cardKey(m.projectId, m.taskId))), [host.moves]);
  const firstCard = TASK_STATUSES.map(s => cols[s][0]).find(Boolean);
  const activeAt = find(cols, active);
  const effectiveActive: CardRef | null = activeAt ? active : firstCard ? { projectId: firstCard.projectId, taskId: firstCard.task.id } : null;
  const lifted = kb.mode === 'lifted' ? { projectId: kb.projectId, taskId: kb.taskId } : null;

  // Keeps keyboard focus on the active card across re-renders, column changes and window scrolling.
  useLayoutEffect(() => {
    if (!focusWanted.current || !effectiveActive) return;
    const at = find(cols, effectiveActive);
    if (!at) return;
    const el = scrollRefs[at.status].current;
    if (el) {
      const top = scrollToReveal(at.index, el.scrollTop, el.clientHeight, CARD_ROW_HEIGHT);
      if (top !== null) el.scrollTop = top;
    }
    let tries = 0;
    const tryFocus = () => {
      const sel = `.card[data-project-id="${CSS.escape(effectiveActive.projectId)}"][data-task-id="${CSS.escape(effectiveActive.taskId)}"]`;
      const card = rootRef.current?.querySelector<HTMLElement>(sel);
      if (card) { focusWanted.current = false; if (document.activeElement !== card) card.focus(); }
      else if (tries++ < 10) requestAnimationFrame(tryFocus);
    };
    tryFocus();
  });

  useEffect(() => () => window.clearTimeout(scrollSave.current), []);

  const focusCard = (ref: CardRef | null) => { focusWanted.current = true; setActive(ref); };

  const doMove = (ref: CardRef, title: string, from: TaskStatus, to: TaskStatus) => {
    host.moveTask(ref.projectId, ref.taskId, title, from, to);
  };
  const dnd = useBoardDnd(cols, canWrite, (d, to) => {
    doMove(d.ref, d.title, d.from, to);
    host.announce(`Moved ${d.title} to ${COLUMN_TITLES[to]}.`);
  });

  const onKeyDown = (e: KeyboardEvent) => {
    const cardEl = (e.target as HTMLElement).closest<HTMLElement>('.card');
    if (!cardEl || e.target !== cardEl) return;
    const ref = { projectId: cardEl.dataset.projectId!, taskId: cardEl.dataset.taskId! };
    const at = find(cols, ref);
    if (!at) return;
    const mk = toMoveKey(e.key);
    if (mk && (kb.mode === 'lifted' || mk === 'Space')) {
      const step = keyboardMove(kb, mk, { ...ref, title: at.card.task.title, status: at.status, readOnly: at.card.task.readOnly }, canWrite);
      if (step.handled) e.preventDefault();
      setKb(step.state);
      if (step.announce) host.announce(step.announce);
      if (step.move) doMove(ref, at.card.task.title, step.move.from, step.move.to);
      if (step.move || step.state.mode === 'idle') focusCard(ref);
      return;
    }
    if (kb.mode === 'lifted') return;
    if (e.key === 'Enter') {
      e.preventDefault();
      setOpenCard(ref);
      return;
    } else if ((e.key === 'm' || e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) && !at.card.task.readOnly && canWrite) {
      e.preventDefault();
      const r = cardEl.getBoundingClientRect();
      setMenu({ ref, title: at.card.task.title, from: at.status, anchor: { x: r.left + 8, y: r.bottom - 8 } });
      return;
    }
    const next = nextCard(cols, at, e.key);
    if (next) {
      e.preventDefault();
      focusCard({ projectId: next.projectId, taskId: next.task.id });
    }
  };

  const onClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement;
    const cardEl = target.closest<HTMLElement>('.card');
    if (!cardEl) return;
    const ref = { projectId: cardEl.dataset.projectId!, taskId: cardEl.dataset.taskId! };
    const at = find(cols, ref);
    if (!at) return;
    setActive(ref);
    if (target.closest('[data-action=move-menu]')) {
      const r = target.closest('button')!.getBoundingClientRect();
      setMenu({ ref, title: at.card.task.title, from: at.status, anchor: { x: r.left - 120, y: r.bottom } });
      return;
    }
    setOpenCard(ref);
  };

  const closeDetail = () => {
    const ref = openCard;
    setOpenCard(null);
    if (ref) focusCard(ref);
  };
  const openAt = find(all, openCard);
  const openSnap = openCard ? snapshots.find(s => s.project.id === openCard.projectId) : undefined;
  const overColumn = kb.mode === 'lifted' ? kb.over : dnd.dragOver;

  return (
    <div class={`board-wrap ${openAt ? 'with-detail' : ''}`}>
      <div ref={rootRef} class="board" role="group" aria-label="Task board"
        onKeyDown={onKeyDown} onClick={onClick} onDragStart={dnd.onDragStart} onDragEnd={dnd.onDragEnd}>
        {TASK_STATUSES.map(status => (
          <Column
            key={status}
            status={status}
            cards={cols[status]}
            total={all[status].length}
            toCome={cardsToCome(host.state, projectIds, status)}
            projectNames={projectNames}
            active={effectiveActive}
            openCard={openCard}
            lifted={lifted}
            dropTarget={overColumn === status}
            pendingIds={pendingIds}
            canWrite={canWrite}
            now={now}
            initialScrollTop={columnScroll[status] ?? 0}
            scrollRef={scrollRefs[status]}
            onScroll={(s, top) => {
              // Persisting on every scroll event would write state dozens of times a second.
              window.clearTimeout(scrollSave.current);
              scrollSave.current = window.setTimeout(() => setColumnScroll({ ...api.getState()?.columnScroll, [s]: top }), 150);
            }}
            onDragOver={dnd.onDragOver}
            onDragLeave={dnd.onDragLeave}
            onDrop={dnd.onDrop}
          />
        ))}
      </div>
      {openAt && openSnap && (
        <CardDetail task={openAt.card.task} projectName={openSnap.project.name} projectId={openSnap.project.id} canWrite={canWrite} onClose={closeDetail}
          onOpenFile={file => api.postMessage({ type: 'file/open', projectId: openSnap.project.id, file })} />
      )}
      {menu && (
        <MoveMenu title={menu.title} from={menu.from} anchor={menu.anchor}
          onClose={() => { setMenu(null); focusCard(menu.ref); }}
          onPick={to => {
            setMenu(null);
            doMove(menu.ref, menu.title, menu.from, to);
            host.announce(`Moved ${menu.title} to ${COLUMN_TITLES[to]}.`);
            focusCard(menu.ref);
          }} />
      )}
    </div>
  );
}
