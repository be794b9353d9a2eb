// Cost, tokens and duration on the cards the records name, and the per-iteration rows (live and from the store).
import assert from 'node:assert/strict';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import type { EfficiencyRow, IterationMetric, KpiSnapshot, SessionSummary } from '../../../src/core/domain';
import { emptyColumns } from '../../../src/core/domain';
import { attachCardCosts } from '../../../src/core/insights/cardCosts';
import { efficiencyRows, rowsFromCards } from '../../../src/core/insights/efficiency';
import { InsightsService } from '../../../src/core/insights/insightsService';
import { nullLogger } from '../../../src/core/logger';
import { taskFromRecord } from '../../../src/core/parsers/queue';
import { Store } from '../../../src/core/store/store';
import { makeSession, makeTask } from '../../fakes/domain';

const metric = (iteration: number, extra: Partial<IterationMetric> = {}): IterationMetric => ({
  iteration, model: 'sonnet', phase: 'BUILDING', status: 'completed', durationMs: 1000 * iteration,
  inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheCreationTokens: 0, costUsd: 0.12345, timestamp: '2026-11-22T02:00:00.000Z', ...extra,
});

describe('cost on cards', () => {
  it('puts each iteration\'s figures on its iteration card only, without mutating the board', () => {
    const columns = emptyColumns();
    columns.completed.push(makeTask('iteration-1', 'completed', { source: 'iteration', iteration: 1 }));
    columns.in_progress.push(makeTask('iteration-2', 'in_progress', { source: 'iteration', iteration: 2 }));
    columns.pending.push(makeTask('prd-001', 'pending', { source: 'prd', iteration: 1 }));
    const out = attachCardCosts(columns, [metric(1)]);
    assert.deepEqual([out.completed[0]!.costUsd, out.completed[0]!.tokens, out.completed[0]!.durationMs], [0.1235, { input: 10, output: 20 }, 1000]);
    assert.equal(out.in_progress[0]!.costUsd, undefined, 'the running iteration has no record yet');
    assert.equal(out.pending[0]!.costUsd, undefined, 'a PRD story is not "built" by the iteration that borrowed its title');
    assert.equal(columns.completed[0]!.costUsd, undefined, 'input untouched');
  });

  it('an unmeasured record (all zeros) gives the card its duration but no cost and no tokens', () => {
    const columns = emptyColumns();
    columns.completed.push(makeTask('iteration-1', 'completed', { source: 'iteration', iteration: 1 }));
    const out = attachCardCosts(columns, [metric(1, { inputTokens: 0, outputTokens: 0, costUsd: 0 })]);
    assert.equal(out.completed[0]!.costUsd, undefined);
    assert.equal(out.completed[0]!.tokens, undefined);
    assert.equal(out.completed[0]!.durationMs, 1000);
  });

  it('a queue record that names its own figures keeps them (cost, tokens, duration)', () => {
    const t = taskFromRecord({ id: 'prd-007', title: 'Export', cost_usd: 0.25, input_tokens: 1200, output_tokens: 300, duration_ms: 4200 }, { file: 'queue/completed.json', column: 'completed', index: 0 });
    assert.deepEqual([t?.costUsd, t?.tokens, t?.durationMs], [0.25, { input: 1200, output: 300 }, 4200]);
  });

  it('rows join records with their cards (start from the card, end from the card or the record)', () => {
    const columns = emptyColumns();
    columns.completed.push(makeTask('iteration-2', 'completed', { source: 'iteration', iteration: 2, startedAt: '2026-11-22T01:59:00.000Z', completedAt: '2026-11-22T02:00:01.000Z' }));
    const rows = efficiencyRows([metric(2), metric(1, { costUsd: null, inputTokens: null, outputTokens: null })], columns);
    assert.deepEqual(rows.map(r => [r.iteration, r.costUsd, r.inputTokens, r.startedAt, r.endedAt]), [
      [1, null, null, null, '2026-11-22T02:00:00.000Z'],
      [2, 0.1235, 10, '2026-11-22T01:59:00.000Z', '2026-11-22T02:00:01.000Z'],
    ]);
  });
});

describe('past sessions from the store', () => {
  let store: Store;
  beforeEach(async () => { store = await Store.open({ file: null, log: nullLogger }); });
  afterEach(async () => store.close());

  it('exports a past session from its stored iteration cards, KPIs included', async () => {
    const project = { id: 'p1', name: 'proj', path: '/nowhere/proj' };
    const session = makeSession('p1', { id: 'p1:2026-11-20T10:00:00Z', status: 'completed', startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-20T11:00:00Z' });
    store.upsertSession(session, { pending: 0, in_progress: 0, review: 0, completed: 2, failed: 1 });
    const cards = [
      makeTask('iteration-1', 'completed', { source: 'iteration', iteration: 1, costUsd: 0.5, tokens: { input: 100, output: 50 }, durationMs: 60_000 }),
      makeTask('iteration-2', 'failed', { source: 'iteration', iteration: 2, durationMs: 30_000 }),
      makeTask('prd-001', 'completed', { source: 'prd', title: 'Login, with "SSO"' }),
    ];
    store.upsertTasks('p1', session.id, cards);
    const history: SessionSummary[] = store.listSessions('p1');
    const service = new InsightsService({
      source: { projects: () => [project], snapshot: () => undefined, history: () => history, sessionTasks: (p, s) => store.listTasks(p, s), events: () => [] },
      files: new NodeFileAccessor(), version: '9.9.9', now: () => Date.parse('2026-11-30T00:00:00Z'),
    });
    const doc = JSON.parse((await service.export(session.id, 'json')).text) as { live: boolean; version: string; iterations: EfficiencyRow[]; kpis: KpiSnapshot };
    assert.equal(doc.live, false);
    assert.equal(doc.version, '9.9.9');
    assert.deepEqual(doc.iterations.map(r => [r.iteration, r.costUsd]), [[1, 0.5], [2, null]]);
    // One record with cost 0.5 and tokens -> measured; total 0.5, avg 0.5 / 2 = 0.25; success 1 of 2.
    assert.equal(doc.kpis.efficiency.total_cost_usd, 0.5);
    assert.equal(doc.kpis.efficiency.avg_cost_per_iteration, 0.25);
    assert.equal(doc.kpis.efficiency.total_duration_ms, 90_000);
    assert.equal(doc.kpis.accuracy.iteration_success_rate, 0.5);
    const md = (await service.export(session.id, 'markdown')).text;
    assert.match(md, /\(past session\)/);
    assert.deepEqual(rowsFromCards(cards).map(r => r.iteration), [1, 2]);
  });
});
