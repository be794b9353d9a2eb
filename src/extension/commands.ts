import * as path from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import { isTaskPriority } from '../core/domain';
import { registerGuardedCommand } from './commandBoundary';
import { startDemo } from './demo';
import type { InputDrafts } from './inputFlow';
import { projectIdOf, resolveProject } from './projectPick';
import type { ProjectRegistry } from './projects';
import type { HostSessionActions } from './sessionActions';
import { runState } from './sessionRules';
import { inputFromArg, providerFromArg } from './startFlow';
import type { LokiStatusBar } from './statusBar';
import type { SessionTerminals } from './terminals';
import type { LearningsTree } from './trees/learningsTree';

/** What the commands act on. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  core: LokiCore;
  log: Logger;
  channel: vscode.LogOutputChannel;
  registry: ProjectRegistry;
  sessions: HostSessionActions;
  terminals: SessionTerminals;
  learnings: LearningsTree;
  statusBar: LokiStatusBar;
  drafts: InputDrafts;
  active: () => string | null;
}

/** Registers every host command except openDashboard (webview) and the server's. */
export function registerCommands(d: CommandDeps): Disposable {
  const store = new DisposableStore();
  const reg = (id: string, fn: (...args: unknown[]) => Promise<unknown>): void => {
    store.add(registerGuardedCommand(d, id, fn));
  };
  const pick = (arg: unknown, placeHolder: string, filter?: Parameters<typeof resolveProject>[4]) => resolveProject(d.core, arg, d.active, placeHolder, filter);
  const isBusy = (id: string): boolean => runState(d.core.snapshot(id)?.session) !== 'idle' || d.terminals.isRunning(id);
  const opts = (arg: unknown): Record<string, unknown> => (typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {});

  reg('startSession', async (arg, input, provider) => {
    const p = await pick(arg, 'Start a Loki session in…');
    const o = opts(arg);
    await d.sessions.start(p.id, {
      input: inputFromArg(input ?? o.input, p.path),
      provider: providerFromArg(provider ?? o.provider),
    });
  });
  reg('stopSession', async arg => d.sessions.stop((await pick(arg, 'Stop the Loki session in…', p => isBusy(p.id))).id));
  reg('pauseSession', async arg => d.sessions.pause((await pick(arg, 'Pause the Loki session in…', p => runState(d.core.snapshot(p.id)?.session) === 'running')).id));
  reg('resumeSession', async arg => d.sessions.resume((await pick(arg, 'Resume the Loki session in…', p => runState(d.core.snapshot(p.id)?.session) === 'paused')).id));
  reg('sendInput', async (arg, text) => {
    // Run from a draft editor without arguments: the draft says which project it is for.
    const p = await pick(arg ?? d.drafts.activeDraftProject(), 'Send input to the Loki session in…');
    const t = typeof text === 'string' ? text : typeof opts(arg).text === 'string' ? (opts(arg).text as string) : undefined;
    await d.sessions.sendInput(p.id, t);
  });
  reg('addTask', async (arg, fields) => {
    const p = await pick(arg, 'Add a task to…');
    const f = opts(fields ?? arg);
    const task = typeof f.title === 'string' && f.title.trim()
      ? { title: f.title.trim(), description: typeof f.description === 'string' ? f.description : '', priority: isTaskPriority(f.priority) ? f.priority : 'medium' as const }
      : undefined;
    return d.sessions.addTask(p.id, task);
  });
  reg('addProject', async arg => {
    let folder = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : undefined;
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Add Loki Project' });
      folder = picked?.[0]?.fsPath;
      if (!folder) return undefined;
    }
    const info = await d.registry.addByUser(path.resolve(folder));
    const snap = d.core.snapshot(info.id);
    if (snap && !snap.hasLoki) {
      void vscode.window.showInformationMessage(`${info.name} has no .loki folder yet; it appears here as soon as a Loki session starts there.`);
    }
    return info.id;
  });
  reg('removeProject', async arg => {
    const p = await pick(arg, 'Remove which project from the dashboard? (No files are deleted.)');
    await d.registry.removeByUser(p.id);
    d.log.info(`Removed project ${p.name} (${p.path}); its files are untouched`);
  });
  reg('refresh', async arg => {
    await d.registry.rescan();
    await d.core.refresh(projectIdOf(arg));
  });
  reg('showLog', () => { d.channel.show(true); return Promise.resolve(); });
  reg('revealTerminal', async arg => {
    const p = await pick(arg, 'Reveal the session terminal of…');
    if (!d.terminals.reveal(p.id)) {
      void vscode.window.showInformationMessage(`No session terminal for ${p.name} in this window (the session may have been started elsewhere or has ended).`);
      return false;
    }
    return true;
  });
  reg('revealLokiFolder', async arg => {
    const p = await pick(arg, 'Reveal the .loki folder of…');
    const uri = vscode.Uri.file(path.join(p.path, '.loki'));
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showInformationMessage(`${p.name} has no .loki folder yet.`);
      return;
    }
    // Inside the workspace the Explorer can show it; outside, the OS file manager is the only place.
    if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
    else await vscode.commands.executeCommand('revealFileInOS', uri);
  });
  reg('startDemo', async arg => {
    const o = opts(arg);
    const folder = typeof arg === 'string' ? arg : typeof o.folder === 'string' ? o.folder : undefined;
    const p = await startDemo({ context: d.context, registry: d.registry, terminals: d.terminals, log: d.log, folder, openDashboard: o.openDashboard !== false });
    return p.id;
  });
  reg('filterLearnings', async arg => {
    const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({ title: 'Filter learnings', prompt: 'Text to look for (empty clears the filter)', value: d.learnings.filter });
    if (text === undefined) return;
    d.learnings.setFilter(text);
  });
  reg('statusBarMenu', async () => statusBarMenu(d));
  return store;
}

async function statusBarMenu(d: CommandDeps): Promise<void> {
  const projects = d.core.projects();
  const id = d.statusBar.current.projectId ?? d.active() ?? projects.find(p => runState(d.core.snapshot(p.id)?.session) !== 'idle')?.id ?? null;
  const project = projects.find(p => p.id === id);
  type Item = vscode.QuickPickItem & { run?: () => Thenable<unknown> };
  const items: Item[] = [];
  const cmd = (c: string, ...args: unknown[]) => () => vscode.commands.executeCommand(`lokiDashboard.${c}`, ...args);
  if (project) {
    const state = runState(d.core.snapshot(project.id)?.session);
    items.push({ label: project.name, kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: '$(dashboard) Open Dashboard', run: cmd('openDashboard', project.id) });
    if (state === 'running') items.push({ label: '$(debug-pause) Pause', run: cmd('pauseSession', project.id) });
    if (state === 'paused') items.push({ label: '$(debug-continue) Resume', run: cmd('resumeSession', project.id) });
    if (state !== 'idle') {
      items.push({ label: '$(debug-stop) Stop', run: cmd('stopSession', project.id) });
      items.push({ label: '$(comment) Send Input…', run: cmd('sendInput', project.id) });
    } else items.push({ label: '$(play) Start Session…', run: cmd('startSession', project.id) });
    if (d.terminals.terminalFor(project.id)) items.push({ label: '$(terminal) Reveal Terminal', run: cmd('revealTerminal', project.id) });
  } else items.push({ label: '$(dashboard) Open Dashboard', run: cmd('openDashboard') });
  const others = projects.filter(p => p.id !== project?.id);
  if (others.length) {
    items.push({ label: 'Switch project', kind: vscode.QuickPickItemKind.Separator });
    for (const p of others) {
      items.push({ label: `$(folder) ${p.name}`, description: runState(d.core.snapshot(p.id)?.session), run: () => { d.statusBar.focus(p.id); return Promise.resolve(); } });
    }
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(output) Show Log', run: cmd('showLog') });
  const choice = await vscode.window.showQuickPick(items, { placeHolder: project ? `Loki — ${project.name}` : 'Loki' });
  await choice?.run?.();
}
