// KPIs on the real runner trees and on hand-made edge cases. Expected values are written by hand from Loki's rules
// (loki-ts/src/metrics/kpis.ts + runner/budget.ts), never copied from our output.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { readKpiInputs } from '../../../src/core/insights/kpiInputs';
import { computeKpis, formatKpisText } from '../../../src/core/insights/kpis';
import { makeTempDir } from '../../fakes/tempDir';

const RUNS = path.join(__dirname, '../../fixtures/loki-runs');
const NOW = Date.parse('2026-11-30T12:00:00Z');
const files = new NodeFileAccessor();
const kpisOf = async (lokiDir: string) => computeKpis(await readKpiInputs(files, lokiDir), NOW);

describe('KPIs (Loki semantics)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('kpis-'); });
  afterEach(() => tmp.cleanup());

  const write = (rel: string, body: unknown): void => {
    const abs = path.join(tmp.dir, '.loki', rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, typeof body === 'string' ? body : JSON.stringify(body));
  };
  const lokiDir = (): string => path.join(tmp.dir, '.loki');

  it('claude-todo (4 iterations, cost written by Claude): field by field as Loki computes it', async () => {
    const dir = path.join(RUNS, 'claude-todo/snapshots/t-0128/.loki');
    const k = await kpisOf(dir);
    // cost: 0.107543 + 0.090038 + 0.090847 + 0.128984 = 0.417412 -> 0.4174; avg 0.4174 / 4 = 0.10435 -> 0.1044
    // tokens in: 39 + 34 + 44 + 63 = 180; out: 1492 + 825 + 1009 + 1112 = 4438
    // duration: 15222 + 14904 + 14539 + 16894 = 61559; avg 15389.75 -> 15390
    assert.deepEqual(k.efficiency, {
      iteration_count: 4, total_cost_usd: 0.4174, avg_cost_per_iteration: 0.1044,
      total_input_tokens: 180, total_output_tokens: 4438, total_duration_ms: 61559, avg_duration_ms_per_iteration: 15390,
      model_breakdown: { sonnet: 4 }, phase_breakdown: { BOOTSTRAP: 4 }, status_breakdown: { completed: 4 },
    });
    // council/ exists (state.json) but no votes/round-N.json. Loki's success rate would be 0/4 = 0 ("success" only);
    // ours counts "completed": 4/4.
    assert.deepEqual(k.accuracy, { council_rounds: 0, unanimous_rate: null, approval_rate: null, iteration_success_rate: 1 });
    assert.deepEqual(k.notes, [
      '.loki/council/ exists but no round-N.json files found',
      'iteration_success_rate counts status "completed" (what the bash runner writes) as well as "success"',
    ]);
    assert.equal(k.schema_version, 1);
    assert.equal(k.generated_at, '2026-11-30T12:00:00.000Z');
    assert.equal(k.loki_dir, dir);
  });

  it('codex-stop (tokens measured, cost_usd written as 0): measured, total cost a real 0', async () => {
    const k = await kpisOf(path.join(RUNS, 'codex-stop/snapshots/t-0062/.loki'));
    // tokens non-zero -> measured; every record has cost_usd: 0 (a number) so Loki takes it as written -> 0.
    // in: 17001 + 12883 + 16629 = 46513; out: 2151 + 1802 + 3171 = 7124; duration 9495 + 12483 + 12502 = 34480 -> avg 11493
    assert.deepEqual(k.efficiency, {
      iteration_count: 3, total_cost_usd: 0, avg_cost_per_iteration: 0,
      total_input_tokens: 46513, total_output_tokens: 7124, total_duration_ms: 34480, avg_duration_ms_per_iteration: 11493,
      model_breakdown: { high: 3 }, phase_breakdown: { BOOTSTRAP: 3 }, status_breakdown: { completed: 3 },
    });
    assert.equal(k.accuracy.iteration_success_rate, 1);
  });

  it('without .loki/metrics/efficiency and .loki/council: Loki\'s empty snapshot and its two notes', async () => {
    mkdirSync(lokiDir());
    const k = await kpisOf(lokiDir());
    assert.deepEqual(k.efficiency, {
      iteration_count: 0, total_cost_usd: null, avg_cost_per_iteration: null, total_input_tokens: null, total_output_tokens: null,
      total_duration_ms: 0, avg_duration_ms_per_iteration: null, model_breakdown: {}, phase_breakdown: {}, status_breakdown: {},
    });
    assert.deepEqual(k.accuracy, { council_rounds: 0, unanimous_rate: null, approval_rate: null, iteration_success_rate: null });
    assert.deepEqual(k.notes, [
      'no .loki/metrics/efficiency/ dir (cost UNKNOWN, tokens UNKNOWN, duration zeroed)',
      'no .loki/council/ dir (accuracy KPIs zeroed)',
    ]);
  });

  it('an empty efficiency dir is noted as "cost UNKNOWN, not zero"', async () => {
    mkdirSync(path.join(lokiDir(), 'metrics/efficiency'), { recursive: true });
    const k = await kpisOf(lokiDir());
    assert.equal(k.efficiency.total_cost_usd, null);
    assert.ok(k.notes.includes('.loki/metrics/efficiency/ exists but no iteration files found (cost UNKNOWN, not zero)'));
  });

  it('records of zeros are "not measured": cost and tokens null, duration still summed', async () => {
    const zero = { model: 'sonnet', phase: 'BUILDING', status: 'success', input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0, cost_usd: 0 };
    write('metrics/efficiency/iteration-1.json', { iteration: 1, duration_ms: 1000, ...zero });
    write('metrics/efficiency/iteration-2.json', { iteration: 2, duration_ms: 2001, ...zero, status: 'failed' });
    const k = await kpisOf(lokiDir());
    assert.equal(k.efficiency.total_cost_usd, null);
    assert.equal(k.efficiency.avg_cost_per_iteration, null);
    assert.equal(k.efficiency.total_input_tokens, null);
    assert.equal(k.efficiency.total_output_tokens, null);
    assert.equal(k.efficiency.total_duration_ms, 3001);
    assert.equal(k.efficiency.avg_duration_ms_per_iteration, 1501); // 1500.5 rounds up
    assert.equal(k.accuracy.iteration_success_rate, 0.5); // 1 success of 2
    assert.ok(k.notes.includes('2 efficiency record(s) present but no token/cost values recorded (cost UNKNOWN, not zero; tokens UNKNOWN)'));
  });

  it('records with tokens but no cost_usd are priced by model (sonnet $3/$15, opus $5/$25 per million; cache tiers)', async () => {
    // sonnet: 1,000,000 in * 3 + 100,000 out * 15 / 1e6 = 3 + 1.5 = 4.5; cache read 1,000,000 * 0.3 = 0.3 -> 4.8
    write('metrics/efficiency/iteration-1.json', { iteration: 1, model: 'sonnet', input_tokens: 1_000_000, output_tokens: 100_000, cache_read_tokens: 1_000_000 });
    // opus: 200,000 in * 5 / 1e6 = 1; 40,000 out * 25 / 1e6 = 1; cache creation 80,000 * 6.25 / 1e6 = 0.5 -> 2.5
    write('metrics/efficiency/iteration-2.json', { iteration: 2, model: 'Opus', input_tokens: 200_000, output_tokens: 40_000, cache_creation_tokens: 80_000 });
    // unknown model -> sonnet prices: 10,000 out * 15 / 1e6 = 0.15
    write('metrics/efficiency/iteration-3.json', { iteration: 3, model: 'mystery', output_tokens: 10_000 });
    const k = await kpisOf(lokiDir());
    assert.equal(k.efficiency.total_cost_usd, 7.45);
    assert.equal(k.efficiency.avg_cost_per_iteration, 2.4833); // 7.45 / 3 = 2.48333...
    assert.equal(k.efficiency.total_input_tokens, 1_200_000);
    assert.equal(k.efficiency.total_output_tokens, 150_000);
    assert.equal(k.efficiency.total_duration_ms, 0);
    assert.equal(k.accuracy.iteration_success_rate, 0); // no status at all
  });

  it('council rounds: unanimous and approval rates; malformed round files are skipped and noted', async () => {
    write('council/votes/round-1.json', { round: 1, verdict: 'CONTINUE', complete_votes: 1, total_members: 3 });
    write('council/votes/round-2.json', { round: 2, verdict: 'COMPLETE', complete_votes: 3, total_members: 3 });
    write('council/votes/round-3.json', { round: 3, verdict: 'COMPLETE', complete_votes: 2, total_members: 3 });
    write('council/votes/round-4.json', '{"round": 4, "verdict": "COMP');
    write('council/votes/round-5.json', '[1, 2]');
    write('council/votes/notes.txt', 'not a round');
    const k = await kpisOf(lokiDir());
    // 3 rounds read: unanimous 1/3 = 0.3333; approval 2/3 = 0.6667
    assert.deepEqual(k.accuracy, { council_rounds: 3, unanimous_rate: 0.3333, approval_rate: 0.6667, iteration_success_rate: null });
    assert.ok(k.notes.some(n => n.startsWith('skipped council/votes/round-4.json: incomplete JSON')));
    assert.ok(k.notes.some(n => n === 'skipped council/votes/round-5.json: expected a JSON object'));
  });

  it('a malformed efficiency file is skipped, not counted, and noted', async () => {
    write('metrics/efficiency/iteration-1.json', { iteration: 1, status: 'completed', cost_usd: 0.5, duration_ms: 10 });
    write('metrics/efficiency/iteration-2.json', '{"iteration": 2, "cost_');
    const k = await kpisOf(lokiDir());
    assert.equal(k.efficiency.iteration_count, 1);
    assert.equal(k.efficiency.total_cost_usd, 0.5);
    assert.ok(k.notes.some(n => n.startsWith('skipped metrics/efficiency/iteration-2.json')));
  });

  it('the text form says UNKNOWN for unmeasured figures, never 0', async () => {
    mkdirSync(lokiDir());
    const text = formatKpisText(await kpisOf(lokiDir()));
    assert.match(text, /Total cost USD: +UNKNOWN \(not measured\)/);
    assert.match(text, /Iter success rate: +n\/a/);
    assert.match(text, /Notes\n  - no \.loki\/metrics\/efficiency\/ dir/);
  });
});
