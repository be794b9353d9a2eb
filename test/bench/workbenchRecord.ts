// Writes the workbench bench's figures into bench/results.md (its own marked section, which `npm run bench -- --record`
// keeps) and into the README's Benchmarks table (rows marked "real VS Code", replaced on each record).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One board size's figures. */
export interface WorkbenchFigures {
  tasks: number;
  trivialMs: number;
  firstPaintMs: number;
  writeP50Ms: number;
  writeP95Ms: number;
  writes: number;
  /** Every open, trivial and dashboard, in ms. */
  opens: Array<{ trivial: number; dashboard: number }>;
}

/** Start of the workbench section in bench/results.md; everything from here to the end is this bench's. */
export const WORKBENCH_MARKER = '<!-- workbench bench: written by npm run bench:workbench -- --record -->';

const root = path.resolve(__dirname, '..', '..');
const n = (x: number): string => Math.round(x).toLocaleString('en-US');
/** "+ 125" or "− 29". */
const signed = (x: number): string => `${x < 0 ? '−' : '+'} ${n(Math.abs(x))}`;

function readmeRows(all: readonly WorkbenchFigures[]): string[] {
  return all.flatMap(f => [
    `| real VS Code: write → card visible, ${n(f.tasks)} tasks, p50 / p95 | ${n(f.writeP50Ms)} / ${n(f.writeP95Ms)} ms | target p95 ≤ ${f.tasks > 1000 ? 120 : 100} ms |`,
    `| real VS Code: dashboard first paint, ${n(f.tasks)} tasks | ${n(f.firstPaintMs)} ms (trivial webview ${signed(f.firstPaintMs - f.trivialMs)}) | trivial webview ${n(f.trivialMs)} ms${f.tasks > 1000 ? '; target ≤ trivial + 150 ms' : ''} |`,
  ]);
}

/** Records the figures; returns the results file's path. */
export function recordWorkbench(all: readonly WorkbenchFigures[]): string {
  const results = path.join(root, 'bench', 'results.md');
  const prev = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
  const head = prev.includes(WORKBENCH_MARKER) ? prev.slice(0, prev.indexOf(WORKBENCH_MARKER)) : `${prev.trimEnd()}\n\n`;
  const cpus = os.cpus();
  const body = [
    WORKBENCH_MARKER,
    '### workbench (real VS Code 1.100.3, headless Chromium)',
    `Run ${new Date().toISOString()} on ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}; load average ${os.loadavg().map(l => l.toFixed(1)).join(' / ')}`,
    '',
    '| tasks | trivial webview open | dashboard first paint | write → card visible p50 / p95 (writes) |',
    '| --- | --- | --- | --- |',
    ...all.map(f => `| ${n(f.tasks)} | ${n(f.trivialMs)} ms | ${n(f.firstPaintMs)} ms | ${n(f.writeP50Ms)} / ${n(f.writeP95Ms)} ms (${f.writes}) |`),
    '',
    ...all.map(f => `Opens at ${n(f.tasks)} tasks, trivial / dashboard (ms): ${f.opens.map(o => `${n(o.trivial)} / ${n(o.dashboard)}`).join(', ')}  `),
    '',
  ].join('\n');
  writeFileSync(results, head + body);

  const readme = path.join(root, 'README.md');
  const lines = readFileSync(readme, 'utf8').split('\n').filter(l => !l.startsWith('| real VS Code: '));
  const at = lines.findIndex(l => l.startsWith('### Benchmarks'));
  let end = at;
  while (end >= 0 && end + 1 < lines.length && !(lines[end]!.startsWith('|') && !lines[end + 1]!.startsWith('|'))) end++;
  if (at >= 0 && end + 1 < lines.length) lines.splice(end + 1, 0, ...readmeRows(all));
  writeFileSync(readme, lines.join('\n'));
  return path.relative(process.cwd(), results);
}
