// `npm run bench`: runs every test/bench/*.bench.ts in turn, each in its own process so one bench's memory and
// JIT state do not colour the next, and prints their figures. Figures are printed, never asserted.
// `npm run bench -- --record` also writes the output, with the machine and date, to bench/results.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKBENCH_MARKER } from './workbenchRecord';

const dir = __dirname;
const args = process.argv.slice(2);
const record = args.includes('--record');
const only = args.find(a => !a.startsWith('--'));
const benches = readdirSync(dir).filter(f => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();

/** The machine the figures come from: they mean little without it. */
function machine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map(l => l.toFixed(1)).join(' / ');
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${load}`;
}

const started = new Date().toISOString();
const out: string[] = [`Run ${started} on ${machine()}`];
process.stdout.write(`${out[0]}\n`);
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(r.stdout);
  out.push(`\n### ${file}\n${r.stdout}`);
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${file} exited with ${r.status ?? r.signal}\n`);
  }
}
if (record) {
  const target = path.resolve(dir, '../../bench/results.md');
  mkdirSync(path.dirname(target), { recursive: true });
  // The workbench bench (npm run bench:workbench) records its own section at the end; keep it.
  const prev = existsSync(target) ? readFileSync(target, 'utf8') : '';
  const workbench = prev.includes(WORKBENCH_MARKER) ? `\n${prev.slice(prev.indexOf(WORKBENCH_MARKER))}` : '';
  writeFileSync(target, `# Benchmark results\n\nWritten by \`npm run bench -- --record\`. Figures, not pass/fail: see issue 14 for the targets.\n\n${out.join('\n')}\n${workbench}`);
  process.stdout.write(`\nrecorded to ${path.relative(process.cwd(), target)}\n`);
}
process.exitCode = failed ? 1 : 0;
