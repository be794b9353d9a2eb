// The files `npm start` prepares: a fresh demo project (demo-workspace/, git-ignored) and, in a state folder
// (.vscode-test/demo/, git-ignored), the VS Code user settings, server data and the simulator's global home.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where one demo keeps its files. */
export interface DemoPaths {
  /** The project folder opened in VS Code; the simulator writes its `.loki/` here. */
  workspace: string;
  /** Holds everything else; wiped at each start like the workspace. */
  stateDir: string;
  userDataDir: string;
  serverDataDir: string;
  /** `LOKI_DASHBOARD_HOME` of the simulator and the extension host: keeps the person's ~/.loki untouched. */
  lokiHome: string;
  serverLog: string;
  simulatorLog: string;
}

/** Paths of a demo rooted at `workspace` with its state in `stateDir`. */
export function demoPaths(workspace: string, stateDir: string): DemoPaths {
  return {
    workspace,
    stateDir,
    userDataDir: path.join(stateDir, 'user-data'),
    serverDataDir: path.join(stateDir, 'server-data'),
    lokiHome: path.join(stateDir, 'home'),
    serverLog: path.join(stateDir, 'server.log'),
    simulatorLog: path.join(stateDir, 'simulator.log'),
  };
}

/** VS Code user settings of the demo: no trust prompt (the demo folder is ours), no welcome page, nothing online. */
export const DEMO_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
};

/** Id of the helper extension that opens the dashboard once the workbench has started. */
export const OPENER_ID = 'loki-dashboard-demo.open-dashboard';

/**
 * Recreates the demo workspace (a small project with the todo-app PRD) and the state folder from scratch.
 * `repoRoot` locates the PRD fixture.
 */
export function prepareDemo(paths: DemoPaths, repoRoot: string, options: { openDashboard: boolean }): void {
  for (const dir of [paths.workspace, paths.stateDir]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(paths.workspace, { recursive: true });
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'prd', 'todo-app.md'), path.join(paths.workspace, 'prd.md'));
  writeFileSync(path.join(paths.workspace, 'README.md'), [
    '# Todo app (Loki Mode demo)',
    '',
    'A simulated Loki Mode session builds this project from `prd.md`: it writes `.loki/` the way the real runner does,',
    'and the Loki Mode Dashboard extension shows it. Nothing here is real code; `npm start` recreates this folder.',
    '',
  ].join('\n'));
  mkdirSync(path.join(paths.userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(paths.userDataDir, 'User', 'settings.json'), JSON.stringify(DEMO_USER_SETTINGS, null, 2) + '\n');
  mkdirSync(paths.lokiHome, { recursive: true });
  if (options.openDashboard) writeOpener(path.join(paths.serverDataDir, 'extensions'));
}

/**
 * VS Code has no "run this command at startup" setting, and the web workbench keeps one extensionDevelopmentPath
 * per window. So a ten-line extension, installed only in the demo's own server data, runs "Loki: Open Dashboard"
 * when the workbench has started. It depends on the extension under development, so it activates after it.
 */
function writeOpener(extensionsDir: string): void {
  const [publisher, name] = OPENER_ID.split('.');
  const dir = path.join(extensionsDir, `${OPENER_ID}-0.0.1`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name, publisher, version: '0.0.1', displayName: 'Loki demo: open the dashboard on start',
    engines: { vscode: '^1.90.0' }, main: './extension.js', activationEvents: ['onStartupFinished'],
    extensionDependencies: ['loki-dashboard.loki-dashboard'],
  }, null, 2));
  writeFileSync(path.join(dir, 'extension.js'), [
    "'use strict';",
    "const vscode = require('vscode');",
    'exports.activate = () => {',
    "  void vscode.commands.executeCommand('lokiDashboard.openDashboard').then(undefined, err => console.error('Loki demo: the dashboard did not open:', err));",
    '};',
    '',
  ].join('\n'));
  // The server reads its installed extensions from extensions.json (what `--install-extension` writes).
  writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([{
    identifier: { id: OPENER_ID },
    version: '0.0.1',
    location: { $mid: 1, path: dir, scheme: 'file' },
    relativeLocation: path.basename(dir),
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  }]));
}
