// Pure shaping of the Insights chart data (no DOM): bars per status group, cumulative cost, summaries.
import assert from 'node:assert/strict';
import type { EfficiencyRow } from '../../../src/core/domain';
import { isWebviewMessage } from '../../../src/core/protocol';
import { barData, chartSummary, cumulativeCost, hasMeasured, statusGroup } from '../../../src/webview/model/insightsSeries';

const row = (iteration: number, status: string | null, extra: Partial<EfficiencyRow> = {}): EfficiencyRow => ({
  iteration, phase: 'BUILDING', model: 'sonnet', status, inputTokens: 100, outputTokens: 50, costUsd: 0.1, durationMs: 2000, startedAt: null, endedAt: null, ...extra,
});

describe('Insights chart data', () => {
  it('puts each iteration in exactly one status series (completed and success both succeeded)', () => {
    const data = barData([row(1, 'completed'), row(2, 'failed'), row(3, 'success'), row(4, null)], 'tokens');
    assert.deepEqual(data, [[1, 2, 3, 4], [150, null, 150, null], [null, 150, null, null], [null, null, null, 150]]);
    assert.equal(statusGroup('error'), 'failed');
  });

  it('leaves unmeasured values out (no bar), and says so instead of drawing zeros', () => {
    const rows = [row(1, 'completed', { costUsd: null }), row(2, 'completed', { costUsd: null })];
    assert.deepEqual(barData(rows, 'cost')[1], [null, null]);
    assert.equal(hasMeasured(rows, 'cost'), false);
    assert.equal(chartSummary(rows, 'cost', 'Cost per iteration'), 'Cost per iteration: not measured for any of 2 iterations.');
  });

  it('sums cost cumulatively, flat where an iteration measured nothing; durations in seconds', () => {
    assert.deepEqual(cumulativeCost([row(1, 'completed'), row(2, 'failed', { costUsd: null }), row(3, 'completed', { costUsd: 0.25 })]), [[1, 2, 3], [0.1, 0.1, 0.35]]);
    assert.deepEqual(barData([row(7, 'completed', { durationMs: 1500 })], 'duration')[1], [1.5]);
  });

  it('summarises a chart in one sentence that points at the table', () => {
    assert.equal(chartSummary([row(1, 'completed'), row(2, 'completed', { outputTokens: 950 })], 'tokens', 'Tokens per iteration'),
      'Tokens per iteration for 2 iterations (2 measured); highest 1050 at iteration 2. The iterations table below has every value.');
  });

  it('the host accepts insights requests and project commands from the webview, and nothing else', () => {
    assert.equal(isWebviewMessage({ type: 'insights/request', requestId: 1, projectId: 'p' }), true);
    assert.equal(isWebviewMessage({ type: 'insights/request', requestId: 'x', projectId: 'p' }), false);
    assert.equal(isWebviewMessage({ type: 'command/run', command: 'exportSession', projectId: 'p' }), true);
    assert.equal(isWebviewMessage({ type: 'command/run', command: 'showKpis' }), true);
    assert.equal(isWebviewMessage({ type: 'command/run', command: 'workbench.action.terminal.new' }), false);
    assert.equal(isWebviewMessage({ type: 'command/run', command: 'showKpis', projectId: 42 }), false);
  });
});
