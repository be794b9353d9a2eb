// Acceptance: `loki-dashboard snapshot --json` on every tree the real runner wrote gives exactly the columns,
// iteration and phase of that run's expected.json. Uses the bundled dist/cli.js, the file users run.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './cliHarness';
import { COLUMNS } from './snapshotShape';
import type { ExpectedTree as Expected, SnapshotJson } from './snapshotShape';

const RUNS = path.join(REPO, 'test/fixtures/loki-runs');
const CLI = path.join(REPO, 'dist/cli.js');

function snapshotJson(dir: string): Promise<SnapshotJson> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'snapshot', dir, '--json'], { env: { ...process.env, LOKI_DASHBOARD_HOME: path.join(dir, 'no-home') }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${dir}: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as SnapshotJson);
    });
  });
}

describe('loki-dashboard snapshot --json on every real runner tree', function () {
  this.timeout(120_000);
  before(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'ignore' });
  });

  for (const run of readdirSync(RUNS).filter(d => existsSync(path.join(RUNS, d, 'expected.json')))) {
    it(`matches ${run}/expected.json for every snapshot and final`, async () => {
      const expected = JSON.parse(readFileSync(path.join(RUNS, run, 'expected.json'), 'utf8')) as Record<string, Expected>;
      const trees = Object.keys(expected);
      assert.ok(trees.length > 10, `${run} has its snapshots`);
      const mismatches: string[] = [];
      // Four CLI processes at a time: quick on two cores without swamping them.
      for (let i = 0; i < trees.length; i += 4) {
        await Promise.all(trees.slice(i, i + 4).map(async tree => {
          const snap = await snapshotJson(path.join(RUNS, run, tree));
          const want = expected[tree]!;
          for (const col of COLUMNS) {
            const got = snap.columns[col].map(t => t.id).sort();
            if (JSON.stringify(got) !== JSON.stringify([...want.columns[col]].sort())) mismatches.push(`${tree} ${col}: ${got.join(',')} != ${want.columns[col].join(',')}`);
          }
          if (snap.session.iteration !== want.iteration) mismatches.push(`${tree} iteration ${snap.session.iteration} != ${want.iteration}`);
          if (snap.session.phase !== want.phase) mismatches.push(`${tree} phase ${snap.session.phase} != ${want.phase}`);
        }));
      }
      assert.deepEqual(mismatches, []);
    });
  }
});
