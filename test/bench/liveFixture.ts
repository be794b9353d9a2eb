// Shared pieces of the live benchmarks: a project on real files with N tasks, atomic queue writes as the runner does
// them, percentiles and the figure table every bench prints.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One PRD-style queue record of realistic size (~300 bytes serialised). */
export function queueRecord(i: number): Record<string, unknown> {
  return {
    id: `task-${i}`,
    title: `Implement part ${i} of the feature`,
    description: `Implement part ${i} of the feature with enough text to look like a real PRD task description.`,
    priority: i % 3 === 0 ? 'high' : 'medium',
    source: 'prd',
    acceptance_criteria: ['it works', 'it is tested'],
  };
}

/** A project folder whose `.loki/queue/pending.json` holds `records`; returns the queue file path. */
export function writeProject(dir: string, records: unknown[]): string {
  const queue = path.join(dir, '.loki', 'queue');
  mkdirSync(queue, { recursive: true });
  const file = path.join(queue, 'pending.json');
  writeAtomic(file, JSON.stringify(records, null, 2));
  return file;
}

/** Write to a temp name, then rename over the target (what the runner's writers do). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp.${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** The q-quantile (0..1) of the samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** `p50 / p95 / p99 ms (n)` of a sample list. */
export function percentiles(samples: readonly number[]): string {
  const f = (q: number): string => quantile(samples, q).toFixed(1);
  return `${f(0.5)} / ${f(0.95)} / ${f(0.99)} ms (n=${samples.length})`;
}

/** Prints one figure line: label, our value, the comparison (poller, floor or target). */
export function row(label: string, ours: string, other = ''): void {
  process.stdout.write(`| ${label} | ${ours} | ${other} |\n`);
}

/** Prints a table header (Markdown, so the output pastes into bench/results.md as is). */
export function header(title: string, other: string): void {
  process.stdout.write(`\n${title}\n\n| figure | ours | ${other} |\n|---|---|---|\n`);
}

/** Milliseconds since `t0` (from performance.now()). */
export const since = (t0: number): number => performance.now() - t0;

/** A random delay in [min, max) ms, awaited. */
export const pause = (min: number, max: number): Promise<void> => new Promise(r => setTimeout(r, min + Math.random() * (max - min)));
