// A scroll container that renders only the rows in view (fixed row height), so 10,000 cards or
// 100,000 log lines cost as much as the ~30 rows on screen.
import type { ComponentChildren, JSX, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { computeWindow } from '../model/virtualWindow';

/** Props of a windowed list. */
export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ComponentChildren;
  /** Stable key per row (ids), so a focused card keeps its element when rows above it change. */
  rowKey?: (index: number) => string | number;
  /** Scroll position to restore once rows exist (after the panel was hidden or reloaded). */
  initialScrollTop?: number;
  onScroll?: (scrollTop: number, viewportHeight: number) => void;
  scrollRef?: RefObject<HTMLDivElement>;
  class?: string;
  /** Attributes for the inner element that holds the rows (role=list, aria-label...). */
  innerProps?: JSX.HTMLAttributes<HTMLDivElement>;
  onKeyDown?: (e: KeyboardEvent) => void;
  empty?: ComponentChildren;
}

/** Windowed list; rows are absolutely positioned at index * rowHeight (positions set through CSSOM, allowed by the CSP). */
export function VirtualList(props: VirtualListProps) {
  const own = useRef<HTMLDivElement>(null);
  const ref = props.scrollRef ?? own;
  const [scrollTop, setScrollTop] = useState(props.initialScrollTop ?? 0);
  const [viewport, setViewport] = useState(600);
  const restored = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    ro.observe(el);
    setViewport(el.clientHeight || 600);
    return () => ro.disconnect();
  }, []);

  // Restore once, when there are rows to scroll over.
  useLayoutEffect(() => {
    const el = ref.current;
    if (restored.current || !el || props.count === 0) return;
    restored.current = true;
    if (props.initialScrollTop) {
      el.scrollTop = props.initialScrollTop;
      setScrollTop(el.scrollTop);
    }
  }, [props.count]);

  const win = computeWindow({ scrollTop, viewportHeight: viewport, rowHeight: props.rowHeight, count: props.count });
  const rows: ComponentChildren[] = [];
  for (let i = win.start; i < win.end; i++) {
    rows.push(
      <div key={props.rowKey ? props.rowKey(i) : i} role="none" class="vrow" style={{ top: `${i * props.rowHeight}px`, height: `${props.rowHeight}px` }}>
        {props.renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      class={`vlist ${props.class ?? ''}`}
      onScroll={e => {
        const el = e.currentTarget;
        setScrollTop(el.scrollTop);
        props.onScroll?.(el.scrollTop, el.clientHeight);
      }}
      onKeyDown={props.onKeyDown}
    >
      {props.count === 0 && props.empty}
      <div {...props.innerProps} class="vlist-inner" style={{ height: `${win.totalHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
