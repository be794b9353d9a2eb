import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBudget, parseContextTracking, parseIterationMetric } from '../../../src/core/parsers/metrics';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/metrics', name), 'utf8');
const problem = (r: { ok: boolean; problem?: string }): string => (r.ok ? '' : (r.problem ?? ''));

describe('parseIterationMetric (metrics/efficiency/iteration-N.json)', () => {
  it('reads a real Claude iteration record', () => {
    assert.deepEqual(parseIterationMetric(fixture('claude-iteration-2.json')), {
      ok: true,
      value: {
        iteration: 2,
        model: 'sonnet',
        phase: 'BOOTSTRAP',
        status: 'completed',
        durationMs: 14904,
        inputTokens: 34,
        outputTokens: 825,
        cacheReadTokens: 159588,
        cacheCreationTokens: 7916,
        costUsd: 0.090038,
        timestamp: '2026-11-22T02:46:16.000Z',
      },
    });
  });

  it('reads a real Codex iteration record (cost written as 0)', () => {
    const r = parseIterationMetric(fixture('codex-iteration-3.json'));
    assert.ok(r.ok);
    assert.deepEqual([r.value.iteration, r.value.model, r.value.inputTokens, r.value.outputTokens, r.value.costUsd, r.value.durationMs], [3, 'high', 16629, 3171, 0, 12502]);
  });

  it('accepts duration_seconds (Bun stats fixture) and leaves unmeasured fields null', () => {
    const r = parseIterationMetric('{"iteration":1,"duration_seconds":12.5}');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { iteration: 1, model: null, phase: null, status: null, durationMs: 12500, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheCreationTokens: null, costUsd: null, timestamp: null });
  });

  it('reports empty, truncated, non-object and iteration-less files as problems', () => {
    assert.match(problem(parseIterationMetric('')), /empty file/);
    assert.match(problem(parseIterationMetric(fixture('claude-iteration-2.json').slice(0, 60))), /incomplete JSON/);
    assert.match(problem(parseIterationMetric('[1]')), /expected a JSON object/);
    assert.match(problem(parseIterationMetric('{"iteration":"three"}')), /no valid "iteration"/);
    assert.match(problem(parseIterationMetric('{"iteration":-1}')), /no valid "iteration"/);
  });

  it('survives wrong types: numeric strings count, objects and negatives are dropped, long labels are cut', () => {
    const r = parseIterationMetric(JSON.stringify({ iteration: '4', model: { m: 1 }, input_tokens: '100', output_tokens: -5, cost_usd: 'free', phase: 'P'.repeat(100_000) }));
    assert.ok(r.ok);
    assert.equal(r.value.iteration, 4);
    assert.equal(r.value.model, null);
    assert.equal(r.value.inputTokens, 100);
    assert.equal(r.value.outputTokens, null);
    assert.equal(r.value.costUsd, null);
    assert.ok((r.value.phase ?? '').length <= 201);
  });
});

describe('parseContextTracking (context/tracking.json)', () => {
  // The fixture runs had no context tracker; this is the writer's key layout from contract §2.4.
  const tracking = {
    session_id: 's',
    provider: 'claude',
    updated_at: '2026-08-20T14:28:50Z',
    current: { input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_creation_tokens: 0, total_tokens: 15, context_window_pct: 42.5, estimated_cost_usd: 0.01 },
    compactions: [],
    per_iteration: [
      { iteration: 1, input_tokens: 100, output_tokens: 50, cost_usd: 0.25 },
      { iteration: 2, input_tokens: 200, output_tokens: 70, cost_usd: 0.5 },
    ],
    totals: { total_input: 300, total_output: 120, total_cost_usd: 0.75, compaction_count: 0, iterations_tracked: 2 },
  };

  it('reads totals and the context window percentage', () => {
    assert.deepEqual(parseContextTracking(JSON.stringify(tracking)), { ok: true, value: { tokens: { input: 300, output: 120 }, costUsd: 0.75, contextPct: 42.5 } });
  });

  it('sums per_iteration when totals are missing', () => {
    const { totals: _drop, ...rest } = tracking;
    assert.deepEqual(parseContextTracking(JSON.stringify(rest)), { ok: true, value: { tokens: { input: 300, output: 120 }, costUsd: 0.75, contextPct: 42.5 } });
  });

  it('leaves everything null for an empty object and caps the percentage at 100', () => {
    assert.deepEqual(parseContextTracking('{}'), { ok: true, value: { tokens: null, costUsd: null, contextPct: null } });
    const r = parseContextTracking('{"current":{"context_window_pct":"250"},"totals":"x"}');
    assert.deepEqual(r, { ok: true, value: { tokens: null, costUsd: null, contextPct: 100 } });
  });

  it('reports bad files as problems', () => {
    assert.match(problem(parseContextTracking('   ')), /empty file/);
    assert.match(problem(parseContextTracking('{"totals":{')), /(incomplete|invalid) JSON/);
    assert.match(problem(parseContextTracking('"text"')), /expected a JSON object/);
  });
});

describe('parseBudget (metrics/budget.json)', () => {
  it('reads the run.sh layout', () => {
    assert.deepEqual(parseBudget('{"limit":5,"budget_limit":5,"budget_used":1.25,"exceeded":false,"created_at":"2026-08-20T14:28:50Z"}'), {
      ok: true,
      value: { limit: 5, used: 1.25, exceeded: false },
    });
  });

  it('falls back to budget_limit, takes string flags and derives exceeded when absent', () => {
    assert.deepEqual(parseBudget('{"budget_limit":"2","budget_used":"2.5","exceeded":"true"}'), { ok: true, value: { limit: 2, used: 2.5, exceeded: true } });
    assert.deepEqual(parseBudget('{"limit":2,"budget_used":3}'), { ok: true, value: { limit: 2, used: 3, exceeded: true } });
    assert.deepEqual(parseBudget('{"limit":0,"budget_used":3}'), { ok: true, value: { limit: 0, used: 3, exceeded: false } });
    assert.deepEqual(parseBudget('{}'), { ok: true, value: { limit: null, used: null, exceeded: false } });
  });

  it('reports bad files as problems', () => {
    assert.match(problem(parseBudget('')), /empty file/);
    assert.match(problem(parseBudget('{"limit":')), /incomplete JSON/);
    assert.match(problem(parseBudget('[{"limit":1}]')), /expected a JSON object/);
  });
});
