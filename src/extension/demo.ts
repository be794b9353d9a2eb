import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { ProjectInfo } from '../core/domain';
import { ExecGitRunner } from '../core/adapters/execGit';
import { repoRoot } from '../core/checkpoints/git';
import { isPlainNode, resolveCli } from './cliResolver';
import { terminalName } from './launchPlan';
import type { ProjectRegistry } from './projects';
import type { SessionTerminals } from './terminals';
import { RefusedError, requireTrust } from './trust';
import { errorMessage } from '../core/errors';

/**
 * Starts the bundled simulator (`node dist/cli.js simulate <folder>`) in a terminal bound to the folder's project,
 * so people without Loki installed (and tests) see a real, file-driven session.
 */
export async function startDemo(deps: {
  context: vscode.ExtensionContext;
  registry: ProjectRegistry;
  terminals: SessionTerminals;
  log: Logger;
  folder?: string;
  openDashboard?: boolean;
}): Promise<ProjectInfo> {
  requireTrust('Starting the demo session');
  const folder = deps.folder ?? (await pickDemoFolder());
  const node = await nodeBinary();
  const project = await deps.registry.addDemo(folder);
  if (deps.terminals.isRunning(project.id)) {
    deps.terminals.reveal(project.id);
    throw new RefusedError('busy', `A session is already running in ${project.name}.`);
  }
  const cli = deps.context.asAbsolutePath(path.join('dist', 'cli.js'));
  await deps.terminals.launch(project, {
    name: terminalName(project.name),
    shellPath: node,
    // In a folder without git the simulated agent gets its own repository and commits per iteration, so the demo
    // shows checkpoints that can be compared and rolled back; an existing repository is never committed to.
    shellArgs: [cli, 'simulate', folder, ...speedArgs(), ...((await repoRoot(new ExecGitRunner(), folder)) ? [] : ['--git'])],
    cwd: folder,
    env: { LOKI_NO_HANDOFF: '1', LOKI_NO_AUTO_OPEN: '1', LOKI_PROMPT_INJECTION: 'true' },
  }, true);
  if (deps.openDashboard !== false) {
    // The session already runs: a dashboard that fails to open must not turn the demo into an error.
    await vscode.commands.executeCommand('lokiDashboard.openDashboard', project.id).then(undefined, (err: unknown) => {
      deps.log.warn(`The dashboard did not open: ${errorMessage(err)}`);
    });
  }
  return project;
}

async function pickDemoFolder(): Promise<string> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter(f => f.uri.scheme === 'file');
  const other = { label: '$(folder-opened) Choose another folder…', folder: undefined as string | undefined };
  const items = [...folders.map(f => ({ label: f.name, description: f.uri.fsPath, folder: f.uri.fsPath })), other];
  const choice = items.length === 1 ? other : await vscode.window.showQuickPick(items, { placeHolder: 'Folder for the demo session (it gets a simulated .loki/)' });
  if (!choice) throw new RefusedError('cancelled', 'Cancelled');
  if (choice.folder) return choice.folder;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use for demo' });
  const uri = picked?.[0];
  if (!uri) throw new RefusedError('cancelled', 'Cancelled');
  return uri.fsPath;
}

/** LOKI_SIM_SPEED (tests, screencasts) speeds the simulator up, as it does for the fake `loki` of the test fixtures. */
function speedArgs(): string[] {
  const v = Number(process.env.LOKI_SIM_SPEED);
  return Number.isFinite(v) && v > 0 ? ['--speed', String(v)] : [];
}

/** `process.execPath` when it is plain Node (the VS Code server), else `node` found on PATH. */
async function nodeBinary(): Promise<string> {
  if (isPlainNode(process.execPath)) return process.execPath;
  const r = await resolveCli({ setting: '', envPath: process.env.PATH, pathExt: process.env.PATHEXT, name: 'node' });
  if (r.ok) return r.path;
  const message = 'The demo needs Node.js on PATH (VS Code runs extensions in Electron here, which cannot run the simulator directly).';
  void vscode.window.showErrorMessage(message);
  throw new RefusedError('no-cli', message);
}
