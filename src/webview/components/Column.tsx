// One board column: a labelled, windowed list of cards and a drop target.
import type { RefObject } from 'preact';
import type { TaskStatus } from '../../core/domain';
import { COLUMN_TITLES } from '../model/boardModel';
import type { BoardCard } from '../model/boardModel';
import type { CardRef } from '../model/uiState';
import { TaskCard } from './TaskCard';
import { VirtualList } from './VirtualList';

/** Height of one card row (card plus gap); cards are clamped to fit it. */
export const CARD_ROW_HEIGHT = 104;

/** Props of a column. */
export interface ColumnProps {
  status: TaskStatus;
  cards: BoardCard[];
  /** Cards before filtering, shown next to the filtered count. */
  total: number;
  /** Cards of this column still streaming in after the snapshot (counted in the header already). */
  toCome: number;
  projectNames: Readonly<Record<string, string>> | null;
  active: CardRef | null;
  openCard: CardRef | null;
  lifted: CardRef | null;
  /** A keyboard-lifted or dragged card is over this column. */
  dropTarget: boolean;
  pendingIds: ReadonlySet<string>;
  canWrite: boolean;
  now: number;
  initialScrollTop: number;
  scrollRef: RefObject<HTMLDivElement>;
  onScroll: (status: TaskStatus, top: number) => void;
  onDragOver: (status: TaskStatus, e: DragEvent) => void;
  onDragLeave: (status: TaskStatus) => void;
  onDrop: (status: TaskStatus, e: DragEvent) => void;
}

const same = (a: CardRef | null, projectId: string, taskId: string) => !!a && a.projectId === projectId && a.taskId === taskId;

/** A board column. */
export function Column(p: ColumnProps) {
  const title = COLUMN_TITLES[p.status];
  const whole = p.total + p.toCome;
  const countText = p.cards.length === p.total ? String(whole) : `${p.cards.length} / ${whole}`;
  const headingId = `col-${p.status}-heading`;
  return (
    <section
      class={`column col-${p.status} ${p.dropTarget ? 'drop-target' : ''}`}
      data-status={p.status}
      aria-labelledby={headingId}
      onDragOver={e => p.onDragOver(p.status, e)}
      onDragLeave={() => p.onDragLeave(p.status)}
      onDrop={e => p.onDrop(p.status, e)}
    >
      <h2 class="column-head" id={headingId}>
        <span>{title}</span>
        <vscode-badge variant="counter" aria-label={`${countText} cards`}>{countText}</vscode-badge>
      </h2>
      <VirtualList
        class="column-body"
        scrollRef={p.scrollRef}
        count={p.cards.length}
        rowHeight={CARD_ROW_HEIGHT}
        initialScrollTop={p.initialScrollTop}
        onScroll={top => p.onScroll(p.status, top)}
        innerProps={{ role: 'list', 'aria-label': `${title}, ${countText} cards` }}
        rowKey={i => `${p.cards[i]!.projectId}/${p.cards[i]!.task.id}`}
        empty={<p class="column-empty">No cards</p>}
        renderRow={i => {
          const c = p.cards[i]!;
          return (
            <TaskCard
              projectId={c.projectId}
              task={c.task}
              projectName={p.projectNames ? p.projectNames[c.projectId] ?? null : null}
              position={i + 1}
              setSize={p.cards.length}
              tabbable={p.active ? same(p.active, c.projectId, c.task.id) : false}
              lifted={same(p.lifted, c.projectId, c.task.id)}
              open={same(p.openCard, c.projectId, c.task.id)}
              pending={p.pendingIds.has(`${c.projectId}/${c.task.id}`)}
              canWrite={p.canWrite}
              now={p.now}
            />
          );
        }}
      />
    </section>
  );
}
