// The packaged extension, not the development folder: `npm run package` builds the .vsix, the VS Code server installs
// it with --install-extension into a fresh extensions folder, and the workbench (no extensionDevelopmentPath) shows
// the Loki views, status bar and dashboard for a finished run. A file missing from the package fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { lokiActivityIcon, lokiStatusItem, openWorkbenchPage, runPaletteCommand, waitForDashboardBoard } from '../../scripts/lib/demoBrowser';
import { stopAll } from '../../scripts/lib/processes';
import { MAX_VSIX_BYTES, packageVsix } from '../../scripts/packageVsix';
import { repoRoot, startServer, vscodeDir } from '../../scripts/lib/vscodeServer';
import type { RunningServer } from '../../scripts/lib/vscodeServer';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'loki-runs', 'claude-todo', 'final', '.loki');

describe('the .vsix (npm run package) installed into VS Code', function () {
  this.timeout(150_000);
  let dir: string;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-vsix-'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      mkdirSync(path.join(repoRoot, 'test-results', 'e2e'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e', 'vsix.png') }).catch(() => undefined);
    }
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('packages under 2 MB, installs with --install-extension, activates and opens the dashboard without the development folder', async () => {
    const vsix = packageVsix(path.join(dir, 'loki-dashboard.vsix'));
    assert.ok(statSync(vsix).size <= MAX_VSIX_BYTES);

    // The server's extensions folder is <server-data-dir>/extensions; install there, as `code-server --install-extension` does.
    const serverDataDir = path.join(dir, 'server-data');
    const extensionsDir = path.join(serverDataDir, 'extensions');
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(vscodeDir, 'out', 'server-main.js'), ...args, '--extensions-dir', extensionsDir, '--server-data-dir', serverDataDir, '--accept-server-license-terms'], { encoding: 'utf8' });
    const install = cli(['--install-extension', vsix]);
    assert.equal(install.status, 0, install.stdout + install.stderr);
    assert.match(install.stdout, /successfully installed/);
    assert.match(cli(['--list-extensions', '--show-versions']).stdout, /^loki-dashboard\.loki-dashboard@0\.\d+\.\d+$/m);
    assert.ok(readdirSync(extensionsDir).some(d => d.startsWith('loki-dashboard.loki-dashboard-')));

    const ws = path.join(dir, 'todo-app');
    cpSync(FIXTURE, path.join(ws, '.loki'), { recursive: true });
    mkdirSync(path.join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(path.join(dir, 'user', 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }));
    server = await startServer({ userDataDir: path.join(dir, 'user'), serverDataDir, logFile: path.join(dir, 'server.log'), env: { LOKI_DASHBOARD_HOME: path.join(dir, 'home') } });
    // No payload: the only Loki extension this window can run is the installed one.
    ({ browser, page } = await openWorkbenchPage(`${server.origin}/?folder=${encodeURIComponent(ws)}`));

    await lokiActivityIcon(page).waitFor({ timeout: 60_000 });
    await lokiStatusItem(page).waitFor({ timeout: 60_000 });
    assert.match(await lokiStatusItem(page).innerText(), /Loki: /);
    await runPaletteCommand(page, 'Loki: Open Dashboard');
    const board = await waitForDashboardBoard(page);
    // The finished claude-todo run reaches the webview through the packaged bundles (sql.js wasm included).
    assert.match(board, /Phase COMPLETED/);
    assert.match(board, /python3 -m pytest -q/, 'a task card of the fixture run');
  });
});
