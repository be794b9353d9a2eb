// "Needs you" in the real workbench: a simulated run driven into a pause, a gate block and a dead-letter task
// (`simulate --scenario needs-you`). The lane shows each, the tree badge and the status bar count match the lane,
// and Retry Task / Resume change the files and make their items go away.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { lokiActivityIcon, lokiStatusItem, openWorkbenchPage, runPaletteCommand } from '../../scripts/lib/demoBrowser';
import { stopAll, stopProcess } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';

/** Polls `check` until it returns true. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { if (await check()) return; } catch { /* mid-write; try again */ }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

function dashboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

describe('Needs you lane in the workbench', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let sim: ChildProcess | undefined;
  const loki = (rel: string): string => path.join(project, '.loki', rel);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-needs-e2e-'));
    project = path.join(dir, 'todo-app');
    mkdirSync(project, { recursive: true });
    sim = spawn(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'simulate', project, '--speed', '8', '--iterations', '3', '--scenario', 'needs-you', '--quiet'], {
      stdio: 'ignore', env: { ...process.env, LOKI_DASHBOARD_HOME: path.join(dir, 'home') },
    });
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false,
    }));
    server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
    const opened = await openWorkbenchPage(`${server.origin}/?folder=${project}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    browser = opened.browser;
    page = opened.page;
    await lokiActivityIcon(page).waitFor({ timeout: 90_000 });
    await runPaletteCommand(page, 'Loki: Open Dashboard');
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const out = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, `needs-you-${this.currentTest.title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`) }).catch(() => undefined);
  });

  after(async () => {
    if (sim) await stopProcess(sim);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the pause, the gate block and the failed task; tree badge and status bar count match the lane', async () => {
    const f = dashboardFrame(page);
    for (const kind of ['paused', 'gate-blocked', 'task-failed']) await f.locator(`.need[data-kind="${kind}"]`).first().waitFor({ timeout: 120_000 });
    const lane = await f.locator('.need').count();
    const badge = lokiActivityIcon(page).locator('.badge-content');
    await until('the tree badge to match the lane', async () => (await badge.innerText()).trim() === String(lane));
    await until('the status bar count to match the lane', async () => new RegExp(`\\s${lane}\\s*$`).test(await lokiStatusItem(page).innerText()));
    assert.match(await f.locator('.need[data-kind="gate-blocked"] .need-reason').innerText(), /code_review failed 3 times/);
    const out = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'needs-you-lane.png') });
  });

  it('Retry Task moves the dead-letter task back to pending and its item goes away', async () => {
    const f = dashboardFrame(page);
    const item = f.locator('.need[data-kind="task-failed"]').first();
    await item.locator('vscode-button.need-retryTask').click();
    const dead = (): Array<{ id: string }> => JSON.parse(readFileSync(loki('queue/dead-letter.json'), 'utf8')) as Array<{ id: string }>;
    await until('dead-letter.json to be empty', () => dead().length === 0);
    const pending = JSON.parse(readFileSync(loki('queue/pending.json'), 'utf8')) as Array<{ retries?: number; status?: string }>;
    assert.ok(pending.some(t => t.retries === 0 && t.status === 'pending'));
    await f.locator('.need[data-kind="task-failed"]').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('Resume removes PAUSE; the pause and the gate block go away as the run goes on', async () => {
    const f = dashboardFrame(page);
    await f.locator('.need[data-kind="paused"] vscode-button.need-resume').click();
    await until('PAUSE to be removed', () => !existsSync(loki('PAUSE')));
    await f.locator('.need[data-kind="paused"]').waitFor({ state: 'detached', timeout: 60_000 });
    await f.locator('.need[data-kind="gate-blocked"]').waitFor({ state: 'detached', timeout: 60_000 });
  });
});
