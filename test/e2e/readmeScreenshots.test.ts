// Takes the README's pictures the way a person sees the product: a simulated run, the Loki sidebar, the status bar
// and the dashboard, in the real workbench. Writes into media/ only with LOKI_UPDATE_SCREENSHOTS=1 (CI never touches
// tracked files); otherwise into test-results/screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Frame, Page } from 'playwright-core';
import { CHROMIUM_ARGS, runPaletteCommand } from '../../scripts/lib/demoBrowser';
import { stopAll, stopProcess } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';

const OUT = process.env.LOKI_UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'media') : path.join(repoRoot, 'test-results', 'screenshots');

/** The dashboard's inner webview frame (webviews are an iframe inside an iframe). */
async function dashboardFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // Only webview frames: the workbench's own sidebar also says "In progress".
    for (const f of page.frames().filter(x => x !== page.mainFrame())) {
      if (await f.locator('text="In Progress"').first().isVisible().catch(() => false)) return f;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the dashboard webview did not show a board');
}

describe('README screenshots: a live simulated run in the real workbench', function () {
  this.timeout(180_000);
  let dir: string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sim: ChildProcess | undefined;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-shots-'));
    const project = path.join(dir, 'todo-app');
    mkdirSync(project, { recursive: true });
    copyFileSync(path.join(repoRoot, 'test/fixtures/prd/todo-app.md'), path.join(project, 'prd.md'));
    sim = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'simulate', project, '--speed', '4', '--iterations', '8'], {
      stdio: 'ignore', env: { ...process.env, LOKI_DASHBOARD_HOME: path.join(dir, 'home') },
    });
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false,
    }));
    server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(project)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    mkdirSync(OUT, { recursive: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const dirOut = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(dirOut, { recursive: true });
    await page.screenshot({ path: path.join(dirOut, `readme-${(this.currentTest.title).replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
  });

  after(async () => {
    if (sim) await stopProcess(sim);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the Loki sidebar and the running session in the status bar', async () => {
    await page.locator('.activitybar .action-item:has(a[aria-label^="Loki Mode"])').click();
    const row = page.locator('.pane-body .monaco-list-row', { hasText: 'todo-app' }).first();
    await row.waitFor({ timeout: 30_000 });
    const status = page.locator('.statusbar-item', { hasText: /Loki: / }).first();
    await status.waitFor({ timeout: 30_000 });
    // Let the run reach an iteration with agents and several cards before taking the picture.
    await page.locator('.statusbar-item', { hasText: /iter [2-9]/ }).first().waitFor({ timeout: 60_000 });
    await page.locator('.pane-body .monaco-list-row', { hasText: /running/ }).first().click().catch(() => undefined);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(500);
    assert.match((await status.textContent()) ?? '', /Loki: .*iter \d/);
    await page.screenshot({ path: path.join(OUT, 'screenshot-sidebar.png') });
  });

  it('shows the dashboard board following the run', async () => {
    await runPaletteCommand(page, 'Loki: Open Dashboard');
    const frame = await dashboardFrame(page);
    for (const column of ['Pending', 'In Progress', 'In Review', 'Completed', 'Failed']) {
      assert.ok((await frame.locator(`text="${column}"`).count()) > 0, `column ${column} is on the board`);
    }
    // The board is wide: give it the whole window, as a person would for this view.
    await page.keyboard.press('Control+B');
    await frame.locator('text=/prd-00\\d/').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(OUT, 'screenshot-board.png') });
  });
});
