// Checkpoints in the real workbench (VS Code 1.100.3, headless Chromium), on a simulated run in a real git
// repository: expand Checkpoints in the Projects tree and click one to get the multi-file diff; from the dashboard's
// card detail roll back through VS Code's modal (Insights marks the iterations), then undo from the palette.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { lokiActivityIcon, openWorkbenchPage, runPaletteCommand } from '../../scripts/lib/demoBrowser';
import { stopAll } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';
import { runSimulation } from '../../src/simulator/simulation';

interface Bench { dir: string; project: string; server: RunningServer; browser: Browser; page: Page }

const head = (b: Bench): string => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: b.project, encoding: 'utf8' }).trim();

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

function dashboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

describe('workbench: checkpoints', function () {
  this.timeout(300_000);
  let b: Bench | undefined;
  let first: { id: string; sha: string };

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !b) return;
    const out = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(out, { recursive: true });
    await b.page.screenshot({ path: path.join(out, `checkpoints-${this.currentTest.title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`) }).catch(() => undefined);
  });

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loki-cp-e2e-'));
    const project = path.join(dir, 'app');
    mkdirSync(project);
    await runSimulation({ dir: project, speed: 400, iterations: 3, homeDir: path.join(dir, 'home'), git: true });
    const index = readFileSync(path.join(project, '.loki/state/checkpoints/index.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as { id: string; sha: string });
    first = index[0]!;
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }));
    const server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`]];
    const opened = await openWorkbenchPage(`${server.origin}/?folder=${project}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    b = { dir, project, server, browser: opened.browser, page: opened.page };
    await lokiActivityIcon(b.page).waitFor({ timeout: 90_000 });
  });

  after(async () => {
    if (!b) return;
    await b.browser.close().catch(() => undefined);
    await b.server.stop();
    await stopAll();
    rmSync(b.dir, { recursive: true, force: true });
  });

  it('expands Checkpoints under the session and opens the multi-file diff of one', async () => {
    const { page } = b!;
    await lokiActivityIcon(page).click();
    const rows = page.locator('.pane', { hasText: 'Projects' }).locator('.monaco-list-row');
    // The node counts the checkpoints once they are read; click it then (a click on "none yet" expands nothing).
    await rows.filter({ hasText: /^Checkpoints\s*4$/ }).first().click({ timeout: 60_000 });
    // The Projects pane is short: the row can sit at its lower edge while the list re-renders under the pointer (a CI
    // run clicked the row above it). A click that opened no diff is clicked again, on the row scrolled into view.
    const tab = page.locator('.tabs-container .tab', { hasText: `Changes since ${first.id}` }).first();
    for (let attempt = 1; ; attempt++) {
      const row = rows.filter({ hasText: 'Iteration 1 · iteration-1 complete' }).first();
      await row.scrollIntoViewIfNeeded({ timeout: 30_000 });
      await row.click({ timeout: 30_000 });
      const opened = await tab.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) throw new Error(`no "Changes since ${first.id}" tab after ${attempt} clicks on its checkpoint row`);
    }
    // The multi-file diff lists the changed files by name.
    await page.locator('.multiDiffEditor', { hasText: 'PROGRESS.md' }).first().waitFor({ timeout: 30_000 });
  });

  it('rolls back from the card detail after the modal, and Undo Last Rollback restores HEAD', async () => {
    const { page } = b!;
    const before = head(b!);
    await runPaletteCommand(page, 'Loki: Open Dashboard');
    const f = dashboardFrame(page);
    const cardEl = f.locator('.card[data-task-id="iteration-1"]');
    await cardEl.locator('.chip-checkpoint').waitFor({ timeout: 60_000 });
    await cardEl.click();
    await f.locator('.detail .checkpoint-section', { hasText: first.id }).waitFor({ timeout: 15_000 });
    await f.locator('.detail .checkpoint-section vscode-button', { hasText: 'Roll Back to This Checkpoint' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: `Roll back app to checkpoint ${first.id}?` }).waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Commits after the checkpoint that leave main \(2\)/);
    await dialog.locator('.monaco-button', { hasText: 'Roll Back' }).first().click();
    await until('HEAD at the checkpoint', () => head(b!) === first.sha);

    // The Insights iterations table marks the iterations that have a checkpoint.
    await f.locator('#tab-insights').click();
    await f.locator('[data-testid="iterations-table"] .checkpoint-mark').first().waitFor({ timeout: 30_000 });
    assert.ok((await f.locator('[data-testid="iterations-table"] .checkpoint-mark').count()) >= 2);

    await runPaletteCommand(page, 'Loki: Undo Last Rollback');
    await dialog.filter({ hasText: 'Undo the rollback of app' }).waitFor({ timeout: 30_000 });
    await dialog.locator('.monaco-button', { hasText: 'Undo Rollback' }).first().click();
    await until('HEAD back', () => head(b!) === before);
  });
});
