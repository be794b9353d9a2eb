// Dashboard webview in the real workbench (VS Code 1.100.3, headless Chromium): the board follows the files,
// mouse and keyboard moves reach the queue files, a failed write reverts, hostile titles stay text, state
// survives hide/show, and screenshots in light, dark and high-contrast themes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { lokiActivityIcon, openWorkbenchPage, runPaletteCommand, setColorTheme } from '../../scripts/lib/demoBrowser';
import { stopAll } from '../../scripts/lib/processes';
import { repoRoot, startServer } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';

const HOSTILE = '<img src=x onerror=alert(1)>';
const story = (id: string, title: string, priority = 'medium') => ({ id, title, description: `Story ${id}`, priority, source: 'prd', acceptance_criteria: ['it works'] });
const FILLER = Array.from({ length: 300 }, (_, i) => ({ ...story(`done-${i}`, `Finished story ${i}`), status: 'completed' }));

interface Bench { dir: string; project: string; server: RunningServer; browser: Browser; page: Page }

function queue(b: Bench, file: string): Array<{ id: string }> {
  return JSON.parse(readFileSync(path.join(b.project, '.loki', 'queue', file), 'utf8')) as Array<{ id: string }>;
}
function writeQueue(b: Bench, file: string, records: unknown[] | string): void {
  writeFileSync(path.join(b.project, '.loki', 'queue', file), typeof records === 'string' ? records : JSON.stringify(records, null, 2));
}

/** Polls `check` until it returns true (files are written by the extension host asynchronously). */
async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { if (check()) return; } catch { /* the file may be mid-rename; try again */ }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** The dashboard's content frame (the webview is an iframe holding the content iframe). */
function dashboardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}
const column = (f: FrameLocator, status: string) => f.locator(`.column.col-${status}`);
const card = (f: FrameLocator, id: string) => f.locator(`.card[data-task-id="${id}"]`);

describe('dashboard webview in the workbench', function () {
  this.timeout(300_000);
  let b: Bench | undefined;
  const dialogs: string[] = [];

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !b) return;
    const out = path.join(repoRoot, 'test-results', 'e2e');
    mkdirSync(out, { recursive: true });
    await b.page.screenshot({ path: path.join(out, `dashboard-${this.currentTest.title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`) }).catch(() => undefined);
  });

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loki-dash-e2e-'));
    const project = path.join(dir, 'todo-app');
    mkdirSync(path.join(project, '.loki', 'queue'), { recursive: true });
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'workbench.colorTheme': 'Default Dark Modern',
    }));
    const bench = { dir, project } as Bench;
    writeQueue(bench, 'pending.json', [story('prd-001', 'Add items from the command line', 'high'), story('prd-002', 'List items with a done marker'), story('prd-003', HOSTILE, 'low')]);
    writeQueue(bench, 'in-progress.json', []);
    writeQueue(bench, 'completed.json', FILLER);
    writeQueue(bench, 'failed.json', []);
    bench.server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir: path.join(dir, 'server'), logFile: path.join(dir, 'server.log'), env: {} });
    const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${bench.server.port}${repoRoot}`]];
    const opened = await openWorkbenchPage(`${bench.server.origin}/?folder=${project}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    bench.browser = opened.browser;
    bench.page = opened.page;
    bench.page.on('dialog', d => { dialogs.push(d.message()); void d.dismiss(); });
    b = bench;
    // The palette lists our commands once the extension host has scanned the extension.
    await lokiActivityIcon(bench.page).waitFor({ timeout: 90_000 });
    await runPaletteCommand(bench.page, 'Loki: Open Dashboard');
    await card(dashboardFrame(bench.page), 'prd-001').waitFor({ timeout: 90_000 });
  });

  after(async () => {
    if (!b) return;
    await b.browser.close().catch(() => undefined);
    await b.server.stop();
    await stopAll();
    rmSync(b.dir, { recursive: true, force: true });
  });

  it('shows each card in its column with counts', async () => {
    const f = dashboardFrame(b!.page);
    for (const id of ['prd-001', 'prd-002', 'prd-003']) await column(f, 'pending').locator(`.card[data-task-id="${id}"]`).waitFor();
    assert.match(await column(f, 'pending').locator('.column-head').innerText(), /Pending\s*3/);
    assert.match(await column(f, 'completed').locator('.column-head').innerText(), /Completed\s*300/);
    assert.equal(await column(f, 'in_progress').locator('.card').count(), 0);
    // Windowed: 300 completed cards, only the visible few are in the DOM.
    assert.ok((await column(f, 'completed').locator('.card').count()) < 40);
    assert.equal(await f.locator('[role=list][aria-label^="Pending"]').count(), 1);
  });

  it('follows the run live as the runner writes the queue', async () => {
    const f = dashboardFrame(b!.page);
    writeQueue(b!, 'failed.json', [{ ...story('prd-009', 'Deploy preview'), status: 'failed' }]);
    writeQueue(b!, 'pending.json', [...queue(b!, 'pending.json'), story('prd-010', 'Export items as CSV')]);
    await column(f, 'failed').locator('.card[data-task-id="prd-009"]').waitFor({ timeout: 20_000 });
    await column(f, 'pending').locator('.card[data-task-id="prd-010"]').waitFor({ timeout: 20_000 });
    assert.match(await column(f, 'failed').locator('.column-head').innerText(), /Failed\s*1/);
  });

  it('renders a hostile title as literal text', async () => {
    const f = dashboardFrame(b!.page);
    const hostile = card(f, 'prd-003');
    assert.equal(await hostile.locator('.card-title-text').innerText(), HOSTILE);
    assert.equal(await f.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('moves a PRD story to In Progress by mouse drag, and the queue files say so', async () => {
    const f = dashboardFrame(b!.page);
    await card(f, 'prd-001').dragTo(column(f, 'in_progress'));
    await column(f, 'in_progress').locator('.card[data-task-id="prd-001"]').waitFor({ timeout: 5000 });
    await until('prd-001 in in-progress.json', () => queue(b!, 'in-progress.json').some(t => t.id === 'prd-001') && !queue(b!, 'pending.json').some(t => t.id === 'prd-001'));
    assert.match(await f.locator('#live').innerText(), /Moved Add items from the command line to In Progress/);
  });

  it('moves a card with the keyboard: Space, Right, Space', async () => {
    const f = dashboardFrame(b!.page);
    const c = card(f, 'prd-002');
    await c.focus();
    await c.press(' ');
    assert.equal(await c.getAttribute('aria-grabbed'), 'true');
    await c.press('ArrowRight');
    await f.locator('.column.col-in_progress.drop-target').waitFor();
    await c.press(' ');
    await column(f, 'in_progress').locator('.card[data-task-id="prd-002"]').waitFor({ timeout: 5000 });
    await until('prd-002 in in-progress.json', () => queue(b!, 'in-progress.json').some(t => t.id === 'prd-002'));
    assert.match(await f.locator('#live').innerText(), /Moved List items with a done marker to In Progress/);
  });

  it('keeps read-only cards in place and says why', async () => {
    writeQueue(b!, 'in-progress.json', [...queue(b!, 'in-progress.json'), { id: 'todo-0', type: 'todo', title: 'Run the tests', source: 'claude_code_todowrite', priority: 'medium' }]);
    const f = dashboardFrame(b!.page);
    const ro = card(f, 'todo-0');
    await ro.waitFor({ timeout: 20_000 });
    assert.equal(await ro.getAttribute('draggable'), 'false');
    assert.equal(await ro.locator('.codicon-lock').count(), 1);
    await ro.focus();
    await ro.press(' ');
    assert.notEqual(await ro.getAttribute('aria-grabbed'), 'true');
    assert.match(await f.locator('#live').innerText(), /cannot be moved/);
  });

  it('reverts a move whose write fails and shows why', async () => {
    const f = dashboardFrame(b!.page);
    const good = readFileSync(path.join(b!.project, '.loki', 'queue', 'pending.json'), 'utf8');
    writeQueue(b!, 'pending.json', '[{"id": "prd-003", "title": ');
    try {
      await card(f, 'prd-003').focus();
      await card(f, 'prd-003').press('m');
      await f.locator('.menu [role=menuitem][data-status="review"]').click();
      await f.locator('.notice', { hasText: 'Could not move' }).waitFor({ timeout: 20_000 });
      await column(f, 'pending').locator('.card[data-task-id="prd-003"]').waitFor({ timeout: 5000 });
      assert.equal(await column(f, 'review').locator('.card[data-task-id="prd-003"]').count(), 0);
      assert.match(await f.locator('.notice').innerText(), /It is back in Pending/);
    } finally {
      writeQueue(b!, 'pending.json', good);
    }
  });

  it('brings back filters, the open card and scroll positions after the panel was hidden', async () => {
    const { page } = b!;
    let f = dashboardFrame(page);
    const body = column(f, 'completed').locator('.column-body');
    await body.evaluate(el => { el.scrollTop = 5000; el.dispatchEvent(new Event('scroll')); });
    await card(f, 'prd-010').click();
    await f.locator('.detail', { hasText: 'Export items as CSV' }).waitFor();
    await page.waitForTimeout(400); // scroll state is saved 150 ms after scrolling stops
    await runPaletteCommand(page, 'File: New Untitled Text File');
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
    await page.locator('.tabs-container .tab', { hasText: 'Loki Dashboard' }).first().click();
    f = dashboardFrame(page);
    await f.locator('.detail', { hasText: 'Export items as CSV' }).waitFor({ timeout: 30_000 });
    let top = -1;
    for (let i = 0; i < 50 && Math.abs(top - 5000) >= 2; i++) {
      top = await column(f, 'completed').locator('.column-body').evaluate(el => el.scrollTop);
      if (Math.abs(top - 5000) >= 2) await page.waitForTimeout(100);
    }
    assert.ok(Math.abs(top - 5000) < 2, `scrollTop ${top}`);
    await f.locator('.detail button[aria-label="Close details"]').click();
  });

  it('takes screenshots in dark, light and high-contrast themes', async () => {
    const { page } = b!;
    const out = path.join(repoRoot, 'test-results', 'screenshots');
    mkdirSync(out, { recursive: true });
    for (const [theme, file] of [['Dark Modern', 'board-dark'], ['Light Modern', 'board-light'], ['Dark High Contrast', 'board-hc-dark'], ['Light High Contrast', 'board-hc-light']] as const) {
      await setColorTheme(page, theme);
      const f = dashboardFrame(page);
      await card(f, 'prd-010').waitFor();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(out, `${file}.png`) });
      const fg = await f.locator('body').evaluate(el => getComputedStyle(el).color);
      const bg = await f.locator('body').evaluate(el => getComputedStyle(el).backgroundColor);
      assert.notEqual(fg, bg, `${theme}: text colour differs from background`);
    }
  });
});
