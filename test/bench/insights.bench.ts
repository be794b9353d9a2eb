// Insights figures: attaching iteration figures to a 10,000-card board, KPIs and rows over 1,000 iterations, and
// each export format rendered from that session.
import type { IterationMetric, Session } from '../../src/core/domain';
import { emptyColumns } from '../../src/core/domain';
import { attachCardCosts } from '../../src/core/insights/cardCosts';
import { efficiencyRows } from '../../src/core/insights/efficiency';
import { renderExport } from '../../src/core/insights/exportFormats';
import { liveExportSource } from '../../src/core/insights/exportSource';
import { computeKpis } from '../../src/core/insights/kpis';
import { makeSession, makeTask } from '../fakes/domain';

const ms = (t0: bigint): string => `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms`;
const line = (label: string, value: string): void => { process.stdout.write(`${label.padEnd(48)} ${value}\n`); };

const ITERATIONS = 1000;
const metrics: IterationMetric[] = Array.from({ length: ITERATIONS }, (_, i) => ({
  iteration: i + 1, model: 'sonnet', phase: 'BUILDING', status: i % 7 === 0 ? 'failed' : 'completed', durationMs: 15_000 + i,
  inputTokens: 40, outputTokens: 1000 + i, cacheReadTokens: 180_000, cacheCreationTokens: 8000, costUsd: i % 3 === 0 ? null : 0.1, timestamp: '2026-11-22T02:45:53Z',
}));
const columns = emptyColumns();
for (let i = 0; i < 9000; i++) columns.pending.push(makeTask(`prd-${i}`, 'pending', { title: `Story ${i}, with "quotes"` }));
for (let i = 1; i <= ITERATIONS; i++) columns.completed.push(makeTask(`iteration-${i}`, 'completed', { source: 'iteration', iteration: i }));

let t0 = process.hrtime.bigint();
const board = attachCardCosts(columns, metrics);
line(`cards: figures on ${ITERATIONS} of 10,000 cards`, ms(t0));
t0 = process.hrtime.bigint();
const rows = efficiencyRows(metrics, board);
line(`rows: ${rows.length} iterations joined with cards`, ms(t0));
t0 = process.hrtime.bigint();
const kpis = computeKpis({ lokiDir: '/bench/.loki', efficiencyDir: true, records: metrics, councilDir: false, rounds: [], skipped: [] }, Date.now());
line(`kpis: ${ITERATIONS} records`, ms(t0));
const session: Session = makeSession('p', { startedAt: '2026-11-22T02:45:31Z' });
const snap = { project: { id: 'p', name: 'bench', path: '/bench' }, hasLoki: true, session, columns: board, agents: [], learnings: [],
  quality: { gates: [], council: null, checklist: null, notifications: [] }, iterations: metrics, problems: [] };
const src = liveExportSource(snap, kpis, [], '0.0.0', Date.now());
for (const format of ['json', 'markdown', 'csv', 'timeline'] as const) {
  t0 = process.hrtime.bigint();
  const out = renderExport(src, format);
  line(`export ${format}: 10,000 cards, ${ITERATIONS} iterations`, `${ms(t0)}, ${(out.text.length / 1024).toFixed(0)} KiB`);
}
