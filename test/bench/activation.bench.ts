// Activation → ready in the real VS Code (the offline 1.100.3 host of test:vscode): a workspace with a Loki run
// of 100 and of 10,000 tasks, each started twice: first with no stored history (cold), then again with the
// database the first start saved (warm: the store has the 10,000 tasks and the logs to open). The extension's own
// performance marks are read through its API (`timings()`). Run alone with `npm run bench -- activation`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { stopAll } from '../../scripts/lib/processes';
import { assertHostProvisioned, repoRoot, startServer, tail } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';
import type { ActivationTimings } from '../../src/extension/activationTimings';
import { header, queueRecord, row, writeProject } from './liveFixture';

const SIZES = [100, 10_000];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUN_TIMEOUT_MS = 180_000;

interface ProbeResult { ok: boolean; error?: string; timings?: ActivationTimings; tasks?: number; storedSessions?: number }

/** A workspace folder holding a finished real run whose pending queue has `tasks` records. */
function prepareWorkspace(root: string, tasks: number): string {
  const ws = path.join(root, 'ws');
  cpSync(path.join(repoRoot, 'test/fixtures/loki-runs/claude-todo/final'), ws, { recursive: true });
  writeProject(ws, Array.from({ length: tasks }, (_, i) => queueRecord(i)));
  return ws;
}

async function startOnce(root: string, ws: string, probe: string, resultFile: string): Promise<ProbeResult> {
  rmSync(resultFile, { force: true });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer({ userDataDir: path.join(root, 'user'), serverDataDir: path.join(root, 'server'), logFile: path.join(root, 'server.log'), env: {} });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(probe)]];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (existsSync(resultFile)) {
        try {
          return JSON.parse(readFileSync(resultFile, 'utf8')) as ProbeResult;
        } catch {
          // Caught mid-write: read again.
        }
      }
      await new Promise(r => setTimeout(r, 200));
    }
    return { ok: false, error: `no result within ${RUN_TIMEOUT_MS / 1000} s; server log:\n${tail(path.join(root, 'server.log'), 20)}` };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

const ms = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${v.toFixed(0)} ms`);

async function main(): Promise<void> {
  try {
    assertHostProvisioned();
  } catch (err) {
    process.stdout.write(`activation → ready in VS Code: skipped, ${(err as Error).message.split('\n')[0]} (npm run provision:vscode)\n`);
    return;
  }
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`activation → ready in VS Code: skipped, no Chromium at ${CHROMIUM}\n`);
    return;
  }
  // The host loads dist/extension.js: build it so the figures are of this tree.
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('node esbuild.mjs failed');

  header('Activation → ready in a real VS Code 1.100.3 (extension host of the offline server; cold = no stored history, warm = second start on the saved database)', 'target');
  for (const size of SIZES) {
    const root = mkdtempSync(path.join(os.tmpdir(), `loki-bench-activation-${size}-`));
    try {
      mkdirSync(path.join(root, 'user', 'User'), { recursive: true });
      writeFileSync(path.join(root, 'user', 'User', 'settings.json'), JSON.stringify({
        'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false, 'telemetry.telemetryLevel': 'off',
      }));
      const ws = prepareWorkspace(root, size);
      const resultFile = path.join(root, 'result.json');
      const probe = path.join(root, 'probe.js');
      await esbuild.build({
        entryPoints: [path.join(__dirname, 'vscode', 'activationProbe.ts')], outfile: probe, bundle: true, platform: 'node', format: 'cjs',
        target: 'node20', external: ['vscode'], logLevel: 'error', define: { __LOKI_BENCH_RESULT__: JSON.stringify(resultFile) },
      });
      for (const start of ['cold', 'warm'] as const) {
        const r = await startOnce(root, ws, probe, resultFile);
        const label = `${size.toLocaleString('en-US')} tasks, ${start}`;
        if (!r.ok || !r.timings) {
          row(`activation, ${label}`, `failed: ${(r.error ?? 'unknown').split('\n')[0]}`);
          continue;
        }
        const t = r.timings;
        row(`activate() duration, ${label}`, ms(t.activateMs), '≤ 50 ms');
        row(`activation → trees populated (first read of ${r.tasks ?? '?'} tasks), ${label}`, ms(t.treesPopulatedMs), '≤ 300 ms');
        row(`activation → store ready (WASM + database open + queued writes replayed), ${label}`, ms(t.storeReadyMs), '');
        row(`activation → history loaded (${r.storedSessions ?? 0} stored sessions readable), ${label}`, ms(t.historyLoadedMs), '');
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  await stopAll();
}

main().catch(async err => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  await stopAll();
  process.exitCode = 1;
});
