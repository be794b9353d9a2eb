// KPIs with Loki's semantics (loki-ts/src/metrics/kpis.ts; contract §8.1), as a pure function of what was read.
// One deliberate difference: an iteration counts as successful when its status is "success" (Loki's rule) or
// "completed" (what Loki's bash runner actually writes), so the success rate is not 0 on every real run.
import type { IterationMetric, KpiSnapshot } from '../domain';
import { costOfRecords, isMeasured } from './pricing';

/** A council round file (`council/votes/round-N.json`), the fields the accuracy KPIs read. */
export interface CouncilRound {
  verdict?: string;
  completeVotes?: number;
  totalMembers?: number;
}

/** Everything KPIs are derived from. Directory flags matter: a missing dir and an empty dir earn different notes. */
export interface KpiInputs {
  lokiDir: string;
  efficiencyDir: boolean;
  records: IterationMetric[];
  councilDir: boolean;
  rounds: CouncilRound[];
  /** Files that could not be read (`.loki`-relative path and why); skipped, as Loki skips them, and noted. */
  skipped: Array<{ file: string; problem: string }>;
}

/** Iteration statuses counted as a success (Loki counts only "success"; its runner writes "completed"). */
export const SUCCESS_STATUSES: readonly string[] = ['success', 'completed'];

const rate = (n: number, d: number): number => Math.round((n / d) * 10000) / 10000;

function count(into: Record<string, number>, key: string | null): void {
  if (key !== null) into[key] = (into[key] ?? 0) + 1;
}

function efficiency(records: readonly IterationMetric[]): KpiSnapshot['efficiency'] {
  const out: KpiSnapshot['efficiency'] = {
    iteration_count: records.length, total_cost_usd: null, avg_cost_per_iteration: null,
    total_input_tokens: null, total_output_tokens: null, total_duration_ms: 0, avg_duration_ms_per_iteration: null,
    model_breakdown: {}, phase_breakdown: {}, status_breakdown: {},
  };
  if (records.length === 0) return out;
  let input = 0;
  let output = 0;
  for (const m of records) {
    input += m.inputTokens ?? 0;
    output += m.outputTokens ?? 0;
    out.total_duration_ms += m.durationMs ?? 0;
    count(out.model_breakdown, m.model);
    count(out.phase_breakdown, m.phase);
    count(out.status_breakdown, m.status);
  }
  // One predicate for cost and tokens together: they are measured or unmeasured as a pair (Loki's rule).
  if (isMeasured(records)) {
    out.total_cost_usd = Math.round(costOfRecords(records) * 10000) / 10000;
    out.avg_cost_per_iteration = rate(out.total_cost_usd, records.length);
    out.total_input_tokens = input;
    out.total_output_tokens = output;
  }
  out.avg_duration_ms_per_iteration = Math.round(out.total_duration_ms / records.length);
  return out;
}

function accuracy(rounds: readonly CouncilRound[], successes: number, iterations: number): KpiSnapshot['accuracy'] {
  const out: KpiSnapshot['accuracy'] = { council_rounds: rounds.length, unanimous_rate: null, approval_rate: null, iteration_success_rate: null };
  if (rounds.length > 0) {
    const unanimous = rounds.filter(r => r.totalMembers !== undefined && r.totalMembers > 0 && r.completeVotes === r.totalMembers).length;
    const approved = rounds.filter(r => r.verdict === 'COMPLETE').length;
    out.unanimous_rate = rate(unanimous, rounds.length);
    out.approval_rate = rate(approved, rounds.length);
  }
  if (iterations > 0) out.iteration_success_rate = rate(successes, iterations);
  return out;
}

/** Derives the KPI snapshot. `now` stamps `generated_at`. */
export function computeKpis(inp: KpiInputs, now: number): KpiSnapshot {
  const notes: string[] = [];
  if (!inp.efficiencyDir) notes.push('no .loki/metrics/efficiency/ dir (cost UNKNOWN, tokens UNKNOWN, duration zeroed)');
  else if (inp.records.length === 0) notes.push('.loki/metrics/efficiency/ exists but no iteration files found (cost UNKNOWN, not zero)');
  if (!inp.councilDir) notes.push('no .loki/council/ dir (accuracy KPIs zeroed)');
  else if (inp.rounds.length === 0) notes.push('.loki/council/ exists but no round-N.json files found');
  const eff = efficiency(inp.records);
  if (inp.records.length > 0 && eff.total_cost_usd === null) {
    notes.push(`${inp.records.length} efficiency record(s) present but no token/cost values recorded (cost UNKNOWN, not zero; tokens UNKNOWN)`);
  }
  const successes = SUCCESS_STATUSES.reduce((n, s) => n + (eff.status_breakdown[s] ?? 0), 0);
  if ((eff.status_breakdown.completed ?? 0) > 0) {
    notes.push('iteration_success_rate counts status "completed" (what the bash runner writes) as well as "success"');
  }
  for (const s of inp.skipped) notes.push(`skipped ${s.file}: ${s.problem}`);
  return {
    schema_version: 1,
    generated_at: new Date(now).toISOString(),
    loki_dir: inp.lokiDir,
    efficiency: eff,
    accuracy: accuracy(inp.rounds, successes, eff.iteration_count),
    notes,
  };
}

const unknown = (x: number | null): string => (x === null ? 'UNKNOWN (not measured)' : String(x));
const breakdown = (b: Record<string, number>): string => Object.entries(b).sort(([a], [c]) => a.localeCompare(c)).map(([k, v]) => `${k}=${v}`).join(', ');

/** The KPI snapshot as terminal text (stable line order). */
export function formatKpisText(k: KpiSnapshot): string {
  const e = k.efficiency;
  const a = k.accuracy;
  const lines = [
    `Loki Mode KPIs  (snapshot at ${k.generated_at})`,
    `Source: ${k.loki_dir}`,
    '',
    'Efficiency',
    `  Iterations:           ${e.iteration_count}`,
    `  Total cost USD:       ${unknown(e.total_cost_usd)}`,
    `  Avg cost per iter:    ${unknown(e.avg_cost_per_iteration)}`,
    `  Total input tokens:   ${unknown(e.total_input_tokens)}`,
    `  Total output tokens:  ${unknown(e.total_output_tokens)}`,
    `  Total duration (ms):  ${e.total_duration_ms}`,
    `  Avg duration / iter:  ${e.avg_duration_ms_per_iteration ?? 'n/a'}`,
  ];
  if (Object.keys(e.model_breakdown).length) lines.push(`  Model breakdown:      ${breakdown(e.model_breakdown)}`);
  if (Object.keys(e.phase_breakdown).length) lines.push(`  Phase breakdown:      ${breakdown(e.phase_breakdown)}`);
  if (Object.keys(e.status_breakdown).length) lines.push(`  Status breakdown:     ${breakdown(e.status_breakdown)}`);
  lines.push('', 'Accuracy',
    `  Council rounds:       ${a.council_rounds}`,
    `  Unanimous rate:       ${a.unanimous_rate ?? 'n/a'}`,
    `  Approval rate:        ${a.approval_rate ?? 'n/a'}`,
    `  Iter success rate:    ${a.iteration_success_rate ?? 'n/a'}`);
  if (k.notes.length) lines.push('', 'Notes', ...k.notes.map(n => `  - ${n}`));
  return lines.join('\n') + '\n';
}
