// Webview figures: applying change batches to a 10,000-task board, the board/filter derivation, log appends
// at 100,000 lines, and the virtualization window. Printed, never asserted.
import { applyChanges, applySnapshot, initialState } from '../../src/webview/model/dashboardState';
import { boardColumns, filterColumns } from '../../src/webview/model/boardModel';
import { computeWindow } from '../../src/webview/model/virtualWindow';
import { filterLogs } from '../../src/webview/model/logFilter';
import { TASK_STATUSES } from '../../src/core/domain';
import type { ChangeEnvelope } from '../../src/core/domain';
import { NO_FILTER } from '../../src/webview/model/uiState';
import { agent, env, logLines, snapshot } from '../unit/webview/fixtures';

const line = (label: string, value: string): void => { process.stdout.write(`${label.padEnd(56)} ${value}\n`); };

function time(label: string, runs: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(5, runs); i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn(i);
  const perRun = Number(process.hrtime.bigint() - t0) / 1e6 / runs;
  line(label, perRun < 0.1 ? `${(perRun * 1000).toFixed(1)} µs/op` : `${perRun.toFixed(3)} ms/op`);
}

const snap = snapshot('p', 10_000, 1);
snap.agents = Array.from({ length: 50 }, (_, i) => agent('p', `a${i}`));
const base = applySnapshot(initialState(), {
  type: 'state/snapshot', projects: [snap], activeProjectId: 'p', logs: logLines('p', 1, 100_000), trusted: true, history: [],
});
line('board', `${TASK_STATUSES.map(s => `${s}=${snap.columns[s].length}`).join(' ')}`);

// One batch as the host flushes it every ~50 ms: task moves/updates, an agent update and log lines.
function batch(version: number, size: number): ChangeEnvelope[] {
  const out: ChangeEnvelope[] = [];
  for (let k = 0; k < size; k++) {
    const v = version + k;
    const t = snap.columns.pending[(v * 7) % snap.columns.pending.length]!;
    if (k % 3 === 0) out.push(env('p', v, { kind: 'task/updated', task: { ...t, title: `${t.title}!` } }));
    else if (k % 3 === 1) out.push(env('p', v, { kind: 'agent/updated', agent: agent('p', `a${v % 50}`, { toolCount: v }) }));
    else out.push(env('p', v, { kind: 'log/entries', entries: logLines('p', 100_000 + v, 5) }));
  }
  return out;
}

for (const size of [1, 20, 200]) {
  const batches = Array.from({ length: 50 }, () => batch(2, size));
  time(`applyChanges, 10k tasks, batch of ${size}`, 50, i => { applyChanges(base, batches[i % batches.length]!); });
}
const moveBatch = [env('p', 2, { kind: 'task/moved', task: { ...snap.columns.pending[1000]!, status: 'completed' }, from: 'pending' })];
time('applyChanges, 10k tasks, one task/moved', 200, () => { applyChanges(base, moveBatch); });

time('boardColumns (10k tasks, 1 pending move)', 50, () => {
  boardColumns([snap], [{ requestId: 1, projectId: 'p', taskId: 't5', title: 't5', from: 'pending', to: 'review', confirmed: false }]);
});
const cols = boardColumns([snap], []);
time('filterColumns text "t99" over 10k tasks', 50, () => { filterColumns(cols, { ...NO_FILTER, text: 't99' }); });
time('filterLogs level=warn over 100k lines', 20, () => { filterLogs(base.logs.p!, 'warn', ''); });
time('filterLogs text over 100k lines', 20, () => { filterLogs(base.logs.p!, '', 'line 4242'); });

let rows = 0;
time('computeWindow (10k cards, 104 px rows)', 100_000, i => {
  const w = computeWindow({ scrollTop: (i * 37) % 1_000_000, viewportHeight: 700, rowHeight: 104, count: 10_000 });
  rows = w.end - w.start;
});
line('rows rendered per column at 700 px', String(rows));
const lw = computeWindow({ scrollTop: 1_000_000, viewportHeight: 700, rowHeight: 20, count: 100_000 });
line('log rows rendered of 100,000 at 700 px', String(lw.end - lw.start));
