// Windowed rendering by fixed row height: only the rows in (and just around) the viewport exist in the DOM.

/** Inputs of a window calculation. */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below so fast scrolling does not show blanks. */
  overscan?: number;
}

/** Rows [start, end) to render, positioned from `offsetTop`, inside a spacer of `totalHeight`. */
export interface WindowRange {
  start: number;
  end: number;
  offsetTop: number;
  totalHeight: number;
}

/** Which rows to render for a scroll position. */
export function computeWindow({ scrollTop, viewportHeight, rowHeight, count, overscan = 4 }: WindowInput): WindowRange {
  const totalHeight = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return null;
}

/** True when the viewport shows the last row (auto-scroll stays on while this holds). */
export function isAtBottom(scrollTop: number, viewportHeight: number, totalHeight: number, slack = 4): boolean {
  return scrollTop + viewportHeight >= totalHeight - slack;
}
