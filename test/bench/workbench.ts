// `npm run bench:workbench`: the dashboard in the real VS Code (offline code-server 1.100.3 + headless Chromium).
// Per board size (100 and 10,000 tasks) it measures, in one workbench: a trivial webview's open time (the floor, from
// a ten-line extension installed only in this run's server data), the dashboard's first paint (palette → first card
// visible) and write → card visible over 30+ writes of queue/pending.json. Figures are printed, never asserted;
// `--record` adds them to bench/results.md and the README's Benchmarks table. LOKI_BENCH_TASKS (e.g. "10000"),
// LOKI_BENCH_OPENS and LOKI_BENCH_WRITES narrow a run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { lokiActivityIcon, openPalette, openWorkbenchPage } from '../../scripts/lib/demoBrowser';
import { onInterrupt, stopAll } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import { recordWorkbench } from './workbenchRecord';
import type { WorkbenchFigures } from './workbenchRecord';

const TRIVIAL_ID = 'loki-bench.trivial-webview';
const TRIVIAL_TITLE = 'Loki Bench: Open Trivial Webview';
const WRITES = Number(process.env.LOKI_BENCH_WRITES ?? 30);
const OPENS = Number(process.env.LOKI_BENCH_OPENS ?? 7);
const SIZES = (process.env.LOKI_BENCH_TASKS ?? '100,10000').split(',').map(Number);
const record = process.argv.includes('--record');

const story = (id: string, status: string) => ({ id, title: `Story ${id}`, description: `Story ${id}`, priority: 'medium', source: 'prd', status, acceptance_criteria: ['it works'] });

/** Installs the floor: an extension whose one command opens a webview holding one element and nothing else. */
function writeTrivialExtension(extensionsDir: string): void {
  const [publisher, name] = TRIVIAL_ID.split('.');
  const dir = path.join(extensionsDir, `${TRIVIAL_ID}-0.0.1`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name, publisher, version: '0.0.1', engines: { vscode: '^1.90.0' }, main: './extension.js',
    activationEvents: ['onCommand:lokiBench.trivial'],
    contributes: { commands: [{ command: 'lokiBench.trivial', title: TRIVIAL_TITLE }] },
  }));
  writeFileSync(path.join(dir, 'extension.js'), [
    "'use strict';",
    "const vscode = require('vscode');",
    'exports.activate = ctx => {',
    "  ctx.subscriptions.push(vscode.commands.registerCommand('lokiBench.trivial', () => {",
    "    const p = vscode.window.createWebviewPanel('lokiBench.trivial', 'Trivial', vscode.ViewColumn.Active, { enableScripts: false });",
    "    p.webview.html = '<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src \\'none\\'\"></head><body><div id=\"trivial\">ready</div></body></html>';",
    '  }));',
    '};',
    '',
  ].join('\n'));
  writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([{
    identifier: { id: TRIVIAL_ID }, version: '0.0.1', location: { $mid: 1, path: dir, scheme: 'file' },
    relativeLocation: path.basename(dir), metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  }]));
}

function makeProject(root: string, tasks: number): string {
  const project = path.join(root, `board-${tasks}`);
  const q = path.join(project, '.loki', 'queue');
  mkdirSync(q, { recursive: true });
  writeFileSync(path.join(q, 'pending.json'), JSON.stringify([story('first-0', 'pending')]));
  writeFileSync(path.join(q, 'in-progress.json'), '[]');
  writeFileSync(path.join(q, 'completed.json'), JSON.stringify(Array.from({ length: tasks - 1 }, (_, i) => story(`done-${i}`, 'completed'))));
  writeFileSync(path.join(q, 'failed.json'), '[]');
  return project;
}

const frame = (page: Page): FrameLocator => page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');

/** Milliseconds from choosing a palette command to `target` being visible (the palette's own latency is outside). */
async function timeCommand(page: Page, title: string, target: () => Promise<void>): Promise<number> {
  const input = await openPalette(page);
  await input.fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: 30_000 });
  const t0 = performance.now();
  await row.click();
  await target();
  return performance.now() - t0;
}

async function closeEditors(page: Page): Promise<void> {
  const input = await openPalette(page);
  await input.fill('>View: Close All Editors');
  await page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^View: Close All Editors$/ }) }).first().click({ timeout: 30_000 });
  await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 30_000 });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const line = (label: string, value: string): void => { process.stdout.write(`${label.padEnd(56)} ${value}\n`); };

async function measure(origin: string, port: number, project: string, tasks: number): Promise<WorkbenchFigures> {
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repoRoot}`]];
  const { browser, page } = await openWorkbenchPage(`${origin}/?folder=${project}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  onInterrupt(() => browser.close());
  try {
    await lokiActivityIcon(page).waitFor({ timeout: 120_000 });
    const trivial: number[] = [];
    const dashboard: number[] = [];
    // Alternating the two keeps a drift in the machine's load from favouring either.
    for (let i = 0; i < OPENS; i++) {
      trivial.push(await timeCommand(page, TRIVIAL_TITLE, () => frame(page).locator('#trivial').waitFor({ timeout: 60_000 })));
      await closeEditors(page);
      dashboard.push(await timeCommand(page, 'Loki: Open Dashboard', () => frame(page).locator('.card[data-task-id="first-0"]').waitFor({ timeout: 120_000 })));
      if (i < OPENS - 1) await closeEditors(page);
    }
    const f = frame(page);
    const latencies: number[] = [];
    const pending = path.join(project, '.loki', 'queue', 'pending.json');
    for (let i = 1; i <= WRITES; i++) {
      const id = `w-${i}`;
      const t0 = performance.now();
      writeFileSync(pending, JSON.stringify([story(id, 'pending')]));
      await f.locator(`.card[data-task-id="${id}"]`).waitFor({ timeout: 30_000 });
      latencies.push(performance.now() - t0);
    }
    const figures: WorkbenchFigures = {
      tasks,
      trivialMs: pct(trivial, 50),
      firstPaintMs: pct(dashboard, 50),
      writeP50Ms: pct(latencies, 50),
      writeP95Ms: pct(latencies, 95),
      writes: latencies.length,
      opens: trivial.map((t, i) => ({ trivial: t, dashboard: dashboard[i]! })),
    };
    line(`trivial webview open, ${tasks} tasks, p50 of ${OPENS}`, `${figures.trivialMs.toFixed(0)} ms`);
    line(`dashboard first paint, ${tasks} tasks, p50 of ${OPENS}`, `${figures.firstPaintMs.toFixed(0)} ms (${(figures.firstPaintMs - figures.trivialMs).toFixed(0)} ms over trivial)`);
    line('  opens (trivial / dashboard, ms)', trivial.map((t, i) => `${t.toFixed(0)}/${dashboard[i]!.toFixed(0)}`).join(' '));
    line(`write → card visible, ${tasks} tasks, p50 / p95 of ${WRITES}`, `${figures.writeP50Ms.toFixed(0)} / ${figures.writeP95Ms.toFixed(0)} ms`);
    return figures;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loki-bench-wb-'));
  try {
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off',
    }));
    writeTrivialExtension(path.join(dir, 'server', 'extensions'));
    const all: WorkbenchFigures[] = [];
    // A fresh server per size: the server keeps a closed window's extension host for reconnection, still watching its board.
    for (const tasks of SIZES) {
      const server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
      try {
        all.push(await measure(server.origin, server.port, makeProject(dir, tasks), tasks));
      } finally {
        await server.stop();
      }
    }
    if (record) process.stdout.write(`recorded to ${recordWorkbench(all)}\n`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
