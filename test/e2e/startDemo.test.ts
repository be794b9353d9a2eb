// `npm start` end to end: the script prints a URL, the URL opens VS Code with the extension, the simulated session
// shows in the status bar and the dashboard, and Ctrl-C leaves no server or simulator behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { lokiActivityIcon, lokiStatusItem, openWorkbenchPage, runPaletteCommand, waitForDashboardBoard } from '../../scripts/lib/demoBrowser';
import { desktopArgs, parseDemoArgs, workbenchUrl } from '../../scripts/startDemo';
import { isAlive } from '../../scripts/lib/processes';
import { repoRoot } from '../../scripts/lib/vscodeServer';
import { waitFor } from '../fakes/waitFor';

describe('npm start (scripts/startDemo.ts)', function () {
  this.timeout(120_000);
  let dir: string;
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let output = '';

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-start-'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      mkdirSync(path.join(repoRoot, 'test-results', 'e2e'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e', 'start-demo.png') }).catch(() => undefined);
      process.stderr.write(`--- startDemo output ---\n${output}\n`);
    }
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a URL that opens VS Code with the simulated session running and the dashboard open; Ctrl-C stops the server and simulator', async () => {
    const workspace = path.join(dir, 'demo-workspace');
    child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts', 'startDemo.ts'), '--port', '0', '--workspace', workspace, '--state', path.join(dir, 'state')], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
    const started = Date.now();
    await waitFor('the printed URL', () => /Open in your browser: \S+/.test(output) || child!.exitCode !== null, 60_000);
    const url = /Open in your browser: (\S+)/.exec(output)?.[1];
    assert.ok(url, `no URL printed:\n${output}`);
    const pids = /server pid (\d+), simulator pid (\d+)/.exec(output);
    assert.ok(pids, `no pids printed:\n${output}`);
    const [serverPid, simPid] = [Number(pids[1]), Number(pids[2])];
    assert.ok(isAlive(serverPid) && isAlive(simPid));
    process.stdout.write(`      (URL printed ${((Date.now() - started) / 1000).toFixed(1)} s after the start)\n`);

    ({ browser, page } = await openWorkbenchPage(url));
    // The demo opens the dashboard by itself; the palette command still works (and reveals it).
    await waitForDashboardBoard(page);
    await runPaletteCommand(page, 'Loki: Open Dashboard');
    const board = await waitForDashboardBoard(page);
    assert.match(board, /Pending/);
    assert.match(board, /running/, 'the dashboard header shows the simulated session running');
    await lokiActivityIcon(page).waitFor({ timeout: 30_000 });
    const status = lokiStatusItem(page);
    await status.waitFor({ timeout: 30_000 });
    // "Loki: BUILDING · iter 1 · 0/5": the demo session is running, not idle.
    await status.filter({ hasText: /iter \d+/ }).waitFor({ timeout: 30_000 });
    // The simulator writes .loki in the demo workspace, which the extension shows as a live project.
    assert.ok(existsSync(path.join(workspace, '.loki', 'dashboard-state.json')));
    await lokiActivityIcon(page).click();
    await page.locator('.pane', { hasText: 'Projects' }).locator('.monaco-list-row', { hasText: 'demo-workspace' }).first().waitFor({ timeout: 30_000 });

    const exited = new Promise<number | null>(resolve => child!.once('exit', code => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    await waitFor('the server and simulator to exit', () => !isAlive(serverPid) && !isAlive(simPid), 10_000);
    assert.match(output, /Received SIGINT/);
  });

  it('builds the desktop command line and reads --port, --no-sim and --desktop', () => {
    assert.deepEqual(desktopArgs('/w/demo'), [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', '/w/demo']);
    const o = parseDemoArgs(['--port', '9000', '--no-sim', '--desktop']);
    assert.equal(o.port, 9000);
    assert.equal(o.sim, false);
    assert.equal(o.desktop, true);
    assert.equal(o.workspace, path.join(repoRoot, 'demo-workspace'));
    assert.throws(() => parseDemoArgs(['--port', 'x']), /--port/);
    assert.throws(() => parseDemoArgs(['--bogus']), /bogus/);
    const url = new URL(workbenchUrl('http://127.0.0.1:9000', 9000, '/w/demo'));
    assert.equal(url.searchParams.get('folder'), '/w/demo');
    assert.deepEqual(JSON.parse(url.searchParams.get('payload')!), [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:9000${repoRoot}`]]);
  });
});
