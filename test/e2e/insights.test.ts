// The Insights tab in the real workbench on a simulated run: KPI cards, charts that grow as iterations complete, the
// iterations table (the charts' text alternative), a screenshot per theme (test-results/screenshots/insights-*.png)
// and the README picture (media/screenshot-insights.png with LOKI_UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { lokiActivityIcon, openWorkbenchPage, runPaletteCommand, setColorTheme } from '../../scripts/lib/demoBrowser';
import { stopAll, stopProcess } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';

const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');
const README_OUT = process.env.LOKI_UPDATE_SCREENSHOTS === '1' ? path.join(repoRoot, 'media') : SHOTS;

function dashboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/** Polls `probe` until it returns a truthy value. */
async function until<T>(what: string, probe: () => Promise<T>, timeoutMs = 90_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('Insights tab in the workbench', function () {
  this.timeout(300_000);
  let dir: string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let sim: ChildProcess | undefined;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-insights-e2e-'));
    const project = path.join(dir, 'todo-app');
    mkdirSync(project, { recursive: true });
    copyFileSync(path.join(repoRoot, 'test/fixtures/prd/todo-app.md'), path.join(project, 'prd.md'));
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'workbench.colorTheme': 'Default Dark Modern',
    }));
    server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
    ({ browser, page } = await openWorkbenchPage(`${server.origin}/?folder=${project}&payload=${encodeURIComponent(JSON.stringify(payload))}`));
    await lokiActivityIcon(page).waitFor({ timeout: 90_000 });
    // Started once the workbench is up, so the tab sees iterations complete one after another.
    sim = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'simulate', project, '--speed', '3', '--iterations', '5', '--quiet'], {
      stdio: 'ignore', env: { ...process.env, LOKI_DASHBOARD_HOME: path.join(dir, 'home') },
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const out = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, `insights-${this.currentTest.title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`) }).catch(() => undefined);
  });

  after(async () => {
    if (sim) await stopProcess(sim);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows KPI cards and charts that grow as iterations complete', async () => {
    await runPaletteCommand(page, 'Loki: Open Dashboard');
    const f = dashboardFrame(page);
    await f.locator('#tab-insights').click({ timeout: 90_000 });
    await until('the KPI cards', async () => (await f.locator('[data-testid=kpi-card]').count()) >= 6);
    const points = async (): Promise<number> => Number(await f.locator('[data-testid=chart-tokens]').getAttribute('data-points', { timeout: 1000 }));
    const first = await until('a first finished iteration on the tokens chart', async () => ((await points()) >= 1 ? points() : 0), 120_000);
    assert.equal(await f.locator('[data-testid=chart-tokens] canvas').count(), 1, 'uPlot drew on a canvas');
    const later = await until('the chart to grow', async () => { const n = await points(); return n > first ? n : 0; }, 120_000);
    assert.ok(later > first);
    assert.equal(await f.locator('[data-testid=iterations-table] tbody tr').count(), later, 'one table row per charted iteration');
    assert.match(await f.locator('[data-testid=kpi-card]').first().innerText(), /Iterations\s*\d+/);
    assert.match((await f.locator('[data-testid=chart-cost]').getAttribute('aria-label')) ?? '', /Cost per iteration for \d+ iterations/);
    assert.equal(await f.locator('[data-testid=chart-cost]').getAttribute('aria-describedby'), 'insights-iterations');
  });

  it('takes a screenshot of the Insights tab in each theme, and the README picture', async () => {
    const f = dashboardFrame(page);
    await page.keyboard.press('Control+B');
    for (const [theme, file] of [['Dark Modern', 'insights-dark'], ['Light Modern', 'insights-light'], ['Dark High Contrast', 'insights-hc-dark'], ['Light High Contrast', 'insights-hc-light']] as const) {
      await setColorTheme(page, theme);
      await f.locator('[data-testid=chart-cumulative] canvas').waitFor();
      // Charts are redrawn with the new theme's colours when VS Code swaps the body classes.
      const kind = theme.includes('High Contrast') ? 'vscode-high-contrast' : theme.startsWith('Light') ? 'vscode-light' : 'vscode-dark';
      await until(`the ${theme} theme in the webview`, async () => (await f.locator('body').getAttribute('class'))?.includes(kind));
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(SHOTS, `${file}.png`) });
      const fg = await f.locator('.kpi-value').first().evaluate(el => getComputedStyle(el).color);
      const bg = await f.locator('body').evaluate(el => getComputedStyle(el).backgroundColor);
      assert.notEqual(fg, bg, `${theme}: KPI text differs from the background`);
    }
    await setColorTheme(page, 'Dark Modern');
    await page.waitForTimeout(600);
    mkdirSync(README_OUT, { recursive: true });
    await page.screenshot({ path: path.join(README_OUT, 'screenshot-insights.png') });
  });
});
