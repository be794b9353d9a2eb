import * as os from 'node:os';
import * as vscode from 'vscode';
import { ChokidarDirWatcher } from '../core/adapters/chokidarWatcher';
import { nodeAppGraphFs } from '../core/adapters/nodeAppGraphFs';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import { AppIndex } from '../core/apps/appIndex';
import { DisposableStore } from '../core/disposable';
import type { AttentionItem } from '../core/domain';
import { LokiCore } from '../core/lokiCore';
import { DeferredStore } from '../core/store/deferredStore';
import { Store } from '../core/store/store';
import { ActivationClock } from './activationTimings';
import type { ActivationTimings } from './activationTimings';
import { AttentionNotifier } from './attention/attentionNotifier';
import { AttentionService } from './attention/attentionService';
import { registerCheckpoints } from './checkpoints/register';
import type { CheckpointActions } from './checkpoints/checkpointActions';
import { registerCommands } from './commands';
import { config } from './config';
import { ContextKeys } from './contextKeys';
import { registerDashboard } from './dashboard/register';
import { InputDrafts } from './inputFlow';
import { channelLogger } from './log';
import { Notifier } from './notifier';
import { ProjectRegistry, projectForFile } from './projects';
import { Registrations } from './registrations';
import { registerServer } from './server/register';
import { registerTeam } from './team/register';
import { registerTeamPublishing } from './team/publishing';
import { remoteProjects } from './team/remoteProjects';
import { registerInsightsCommands } from './insightsCommands';
import type { ExtensionServices } from './services';
import { HostSessionActions } from './sessionActions';
import { LokiStatusBar } from './statusBar';
import { SessionTerminals } from './terminals';
import { AgentsTree } from './trees/agentsTree';
import { LearningsTree } from './trees/learningsTree';
import { ProjectsTree } from './trees/projectsTree';
import { errorMessage, toError } from '../core/errors';

/** What `activate` returns: the seams tests (and other extensions) use instead of modal UI. */
export interface LokiDashboardApi {
  core: LokiCore;
  services: ExtensionServices;
  /** Resolves after the first full read of every project found at activation. */
  isReady(): Promise<void>;
  /** What the status bar item shows now (the vscode API cannot read status bar items). */
  statusBar(): { text: string; tooltip: string; visible: boolean; projectId: string | null };
  /** The session terminal of a project, if one is bound. */
  terminalFor(projectId: string): vscode.Terminal | undefined;
  /** Notifications shown so far (kind and message). */
  notifications(): Array<{ kind: string; message: string; projectId: string }>;
  /** Last runner verdict on sent input, per project. */
  inputOutcome(projectId: string): string | undefined;
  trees: { projects: ProjectsTree; agents: AgentsTree; learnings: LearningsTree };
  /** Multi-line input drafts (the editor flow of Send Input). */
  drafts: InputDrafts;
  /** "Needs you": the items now, the tree badge and the attention notifications shown. */
  needsYou(): { items: AttentionItem[]; badge: number | undefined; notifications: Array<{ message: string; itemIds: string[] }> };
  /** Checkpoint commands (tests replace `confirm` instead of clicking the modal). */
  checkpoints: CheckpointActions;
  /** Milestones of this activation (ms since `activate()` started): returned, trees populated, store ready. */
  timings(): ActivationTimings;
  /** Resolves when history (past sessions, learnings, stored logs) is readable; the store loads after activation. */
  whenHistoryLoaded(): Promise<void>;
  /**
   * Tests: saves and closes the store, then opens it again once `gate` resolves; meanwhile the extension runs as
   * right after activation (trees from the files, writes queued, no history). Resolves when the store is open again.
   */
  reopenStoreAfter(gate: PromiseLike<void>): Promise<void>;
}

let root: DisposableStore | undefined;
let openStore: DeferredStore | undefined;

/**
 * Registers commands, views, status bar and watchers and returns: nothing here waits for the disk. The projects'
 * first reads and the store (sql.js WASM + database file) load after, in parallel; the trees show the projects
 * from their `.loki` files first and fill in history when the store is ready (see `DeferredStore`).
 */
export function activate(context: vscode.ExtensionContext): LokiDashboardApi {
  const clock = new ActivationClock();
  const channel = vscode.window.createOutputChannel('Loki', { log: true });
  context.subscriptions.push(channel);
  const log = channelLogger(channel);
  const disposables = new DisposableStore();
  root = disposables;
  context.subscriptions.push(disposables);
  try {
    // One writer per database: each workspace keeps its history in its own storage folder (VS Code opens a
    // workspace in one window only); an empty window keeps it in memory. Registrations are machine-wide.
    const storeOptions = (file: string | null) => ({ file, wasmPath: context.asAbsolutePath('dist/sql-wasm.wasm'), log, logRetention: config.logRetention });
    const openFileStore = (): Promise<Store> => Store.open(storeOptions(context.storageUri ? vscode.Uri.joinPath(context.storageUri, 'loki-dashboard.sqlite').fsPath : null));
    const store = disposables.add(new DeferredStore({ open: openFileStore, fallback: () => Store.open(storeOptions(null)), log }));
    openStore = store;
    disposables.add(config.onDidChange(affects => { if (affects('logRetention')) store.setLogRetention(config.logRetention); }));
    const core = disposables.add(new LokiCore({ store, log, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: os.homedir() }));
    const apps = disposables.add(new AppIndex(core, { fs: nodeAppGraphFs, log }));

    const active = (): string | null => {
      const projects = core.projects();
      const doc = vscode.window.activeTextEditor?.document;
      if (doc?.uri.scheme === 'file') {
        const p = projectForFile(projects, doc.uri.fsPath);
        if (p) return p.id;
      }
      return projects.length === 1 ? projects[0]!.id : null;
    };

    const registry = disposables.add(new ProjectRegistry(core, new Registrations(context.globalState), context.workspaceState, log));
    const terminals = disposables.add(new SessionTerminals(context.workspaceState, log));
    const notifier = disposables.add(new Notifier(core, config, log));
    const drafts = disposables.add(new InputDrafts());
    const sessions = disposables.add(new HostSessionActions({ core, config, terminals, notifier, drafts, log, active }));
    disposables.add(terminals.onDidExit(exit => {
      // The terminal is the session's process: when it ends, re-read the files so liveness and status catch up now.
      core.refresh(exit.projectId).catch(err => log.warn(`Refresh after the terminal closed failed: ${errorMessage(err)}`));
      if (exit.code !== undefined && exit.code !== 0 && exit.code !== 130 && exit.code !== 143 && !exit.closedByUser) {
        const name = core.projects().find(p => p.id === exit.projectId)?.name ?? exit.projectId;
        notifier.push({ projectId: exit.projectId, severity: 'error', kind: 'terminal-exited', key: `exit:${exit.projectId}:${exit.at}`, message: `The Loki session in ${name} exited with code ${exit.code}.` });
      }
    }));

    const attention = disposables.add(new AttentionService({ core, config, sessions, log }));
    const attentionNotifier = disposables.add(new AttentionNotifier(attention, config, log));
    const checkpoints = disposables.add(registerCheckpoints({ core, log, channel, sessions, active }));
    const services: ExtensionServices = {
      context,
      core,
      apps,
      store,
      registry,
      log,
      channel,
      sessions,
      isTrusted: () => vscode.workspace.isTrusted,
      activeProjectId: active,
      attention,
      checkpoints,
    };

    const team = disposables.add(registerTeam(services));
    services.team = remoteProjects(team);
    disposables.add(registerTeamPublishing(services));
    const projectsTree = disposables.add(new ProjectsTree(core, terminals, attention.monitor, checkpoints.cache, apps, team));
    const agentsTree = disposables.add(new AgentsTree(core));
    const learningsTree = disposables.add(new LearningsTree(core));
    const statusBar = disposables.add(new LokiStatusBar(core, config, terminals, active, attention.monitor));
    const contextKeys = disposables.add(new ContextKeys(core, active));
    disposables.add(registerCommands({ context, core, log, channel, registry, sessions, terminals, learnings: learningsTree, statusBar, drafts, active }));
    disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: session controls enabled');
      statusBar.render();
      contextKeys.update();
    }));
    disposables.add(registerDashboard(services));
    disposables.add(registerServer(services));
    disposables.add(registerInsightsCommands(services));

    const ready = registry.start().then(() => {
      clock.mark('treesPopulated');
      log.info(`Loki Mode Dashboard ready: ${core.projects().length} project(s)`);
      statusBar.render();
      contextKeys.update();
    });
    ready.catch(err => log.error(toError(err)));
    // The store opens beside the first reads, but their writes (a 10,000-task board is 20,000 rows) stay queued until
    // the trees are populated: storing them must not delay the first paint.
    disposables.add(store.onDidLoad(() => clock.mark('storeReady')));
    disposables.add(core.onHistoryLoaded(() => clock.mark('historyLoaded')));
    void store.start({ replayAfter: ready });
    clock.mark('activate');

    return {
      core,
      services,
      isReady: () => ready,
      statusBar: () => ({ text: statusBar.current.text, tooltip: statusBar.current.tooltip.join('\n'), visible: statusBar.current.visible, projectId: statusBar.current.projectId }),
      terminalFor: id => terminals.terminalFor(id),
      notifications: () => notifier.shown.map(n => ({ kind: n.kind, message: n.message, projectId: n.projectId })),
      inputOutcome: id => sessions.lastOutcome.get(id),
      trees: { projects: projectsTree, agents: agentsTree, learnings: learningsTree },
      drafts,
      needsYou: () => ({ items: attention.items(), badge: projectsTree.view.badge?.value, notifications: attentionNotifier.shown.slice() }),
      checkpoints: checkpoints.actions,
      timings: () => clock.timings(),
      whenHistoryLoaded: () => core.whenHistoryLoaded(),
      reopenStoreAfter: gate => store.reopen(async () => { await gate; return openFileStore(); }),
    };
  } catch (err) {
    // Visible failure: logged with its stack, shown once, and rethrown so VS Code marks activation as failed.
    log.error(toError(err));
    void vscode.window.showErrorMessage(`Loki Mode Dashboard failed to start: ${errorMessage(err)}`, 'Show Log').then(c => { if (c) channel.show(true); });
    disposables.dispose();
    throw err;
  }
}

/** Tears everything down and returns the store's last save, so VS Code waits for it before the window closes. */
export function deactivate(): Promise<void> {
  // The root disposes the core before the store (reverse order), so the store's final save sees every last write.
  root?.dispose();
  const closing = openStore?.close() ?? Promise.resolve();
  root = undefined;
  openStore = undefined;
  return closing;
}
