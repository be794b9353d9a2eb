import assert from 'node:assert/strict';
import { appendLogs, MAX_LOG_LINES, mergeLogs } from '../../../src/webview/model/logBuffer';
import { clockTime, filterLogs, interleaveLogs } from '../../../src/webview/model/logFilter';
import { logLines } from './fixtures';

describe('webview logs', () => {
  it('appends only lines newer than the last one', () => {
    const a = logLines('p', 1, 10);
    const b = appendLogs(a, logLines('p', 8, 5));
    assert.deepEqual(b.map(e => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(appendLogs(a, logLines('p', 3, 2)), a);
  });

  it(`keeps at most ${MAX_LOG_LINES} lines, dropping the oldest`, () => {
    const big = logLines('p', 1, MAX_LOG_LINES);
    const next = appendLogs(big, logLines('p', MAX_LOG_LINES + 1, 10));
    assert.equal(next.length, MAX_LOG_LINES);
    assert.equal(next[0]!.seq, 11);
  });

  it('merges overlapping runs by seq', () => {
    const m = mergeLogs(logLines('p', 5, 10), [...logLines('p', 1, 6), ...logLines('p', 20, 2)]);
    assert.deepEqual(m.map(e => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 20, 21]);
  });

  it('filters by minimum level and text', () => {
    const lines = logLines('p', 0, 8); // levels cycle info, debug, warn, error
    assert.equal(filterLogs(lines, '', ''), lines);
    assert.deepEqual(filterLogs(lines, 'warn', '').map(e => e.level), ['warn', 'error', 'warn', 'error']);
    assert.deepEqual(filterLogs(lines, '', 'LINE 7').map(e => e.seq), [7]);
  });

  it('interleaves projects by time', () => {
    const a = logLines('a', 0, 3);
    const b = logLines('b', 1, 1);
    assert.deepEqual(interleaveLogs([a, b]).map(e => `${e.projectId}${e.seq}`), ['a0', 'a1', 'b1', 'a2']);
    assert.equal(interleaveLogs([a, []]), a);
  });

  it('shows clock time of ISO timestamps', () => {
    assert.equal(clockTime('2025-01-01T12:03:45.123Z'), '12:03:45');
    assert.equal(clockTime(null), '');
  });
});
