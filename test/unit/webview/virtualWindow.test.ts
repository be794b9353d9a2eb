import assert from 'node:assert/strict';
import { computeWindow, isAtBottom, scrollToReveal } from '../../../src/webview/model/virtualWindow';

describe('webview virtualization math', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = computeWindow({ scrollTop: 10_000, viewportHeight: 600, rowHeight: 100, count: 10_000, overscan: 2 });
    assert.equal(w.start, 98);
    assert.equal(w.end, 100 + 7 + 2);
    assert.equal(w.offsetTop, 9800);
    assert.equal(w.totalHeight, 1_000_000);
    assert.ok(w.end - w.start < 20);
  });

  it('starts at 0 and clamps to the end', () => {
    assert.equal(computeWindow({ scrollTop: -50, viewportHeight: 300, rowHeight: 20, count: 100 }).start, 0);
    const end = computeWindow({ scrollTop: 1e9, viewportHeight: 300, rowHeight: 20, count: 100, overscan: 0 });
    assert.equal(end.end, 100);
    assert.equal(end.start, 85);
  });

  it('handles empty and short lists', () => {
    assert.deepEqual(computeWindow({ scrollTop: 0, viewportHeight: 300, rowHeight: 20, count: 0 }), { start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    const w = computeWindow({ scrollTop: 0, viewportHeight: 300, rowHeight: 20, count: 3 });
    assert.deepEqual([w.start, w.end], [0, 3]);
  });

  it('scrolls just enough to reveal a row', () => {
    assert.equal(scrollToReveal(0, 100, 300, 50), 0);
    assert.equal(scrollToReveal(10, 0, 300, 50), 250);
    assert.equal(scrollToReveal(3, 100, 300, 50), null);
  });

  it('detects the bottom for auto-scroll', () => {
    assert.equal(isAtBottom(700, 300, 1000), true);
    assert.equal(isAtBottom(600, 300, 1000), false);
  });
});
