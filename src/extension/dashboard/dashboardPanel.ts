// The dashboard webview panel (one per window): handshake, snapshots, batched deltas, and the actions the webview asks for.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { assertNever, isWebviewMessage } from '../../core/protocol';
import type { HostMessage, Result, WebviewMessage } from '../../core/protocol';
import type { LogEntry, ProjectSnapshot } from '../../core/domain';
import type { ExtensionServices } from '../services';
import { runCheckpointAction } from './checkpointMessages';
import type { InsightsService } from '../../core/insights/insightsService';
import { createInsights, extensionVersion } from '../insightsCommands';
import { dashboardApps } from './dashboardApps';
import { DeltaBatcher } from './deltaBatcher';
import { buildDashboardHtml } from './html';
import { CHUNK_ACK_TIMEOUT_MS, splitSnapshot } from './snapshotStream';
import { errorMessage, toError } from '../../core/errors';

/** The panel's view type (also the serializer's key). */
export const DASHBOARD_VIEW_TYPE = 'lokiDashboard.dashboard';
/** Log lines sent with a snapshot per project; older ones are paged with `logs/request`. */
const SNAPSHOT_LOG_LINES = 1000;

/** Options every dashboard panel is created (and revived) with. */
export function dashboardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** Owns the one dashboard panel of this window. */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly batcher: DeltaBatcher;
  private readonly insights: InsightsService;
  private disposed = false;
  /** Bumped by each snapshot, so a stream of an older snapshot's chunks stops. */
  private snapshotGen = 0;
  /** Resolves the wait for the webview's `tasks/received`. */
  private chunkReceived: (() => void) | null = null;
  private wasVisible = true;

  /** Reveals the panel (creating it when needed), optionally on one project. */
  static show(svc: ExtensionServices, projectId?: string): DashboardPanel {
    let p = DashboardPanel.current;
    if (!p) {
      const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Loki Dashboard', vscode.ViewColumn.Active, dashboardWebviewOptions(svc.context.extensionUri));
      p = new DashboardPanel(svc, panel);
    } else {
      p.panel.reveal();
    }
    if (projectId) p.post({ type: 'project/focus', projectId });
    return p;
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(svc: ExtensionServices, panel: vscode.WebviewPanel): DashboardPanel {
    DashboardPanel.current?.dispose();
    panel.webview.options = dashboardWebviewOptions(svc.context.extensionUri);
    return new DashboardPanel(svc, panel);
  }

  /** The open panel, if any (tests and other commands). */
  static get instance(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private constructor(private readonly svc: ExtensionServices, readonly panel: vscode.WebviewPanel) {
    DashboardPanel.current = this;
    this.batcher = new DeltaBatcher(changes => this.post({ type: 'state/delta', changes }));
    this.insights = createInsights(svc.core, extensionVersion(svc.context));
    panel.iconPath = vscode.Uri.joinPath(svc.context.extensionUri, 'media', 'loki.svg');
    panel.webview.html = this.html();
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // Messages to hidden webviews are dropped, and this one is destroyed when hidden: resend everything on show.
      // The event also fires on focus and column changes: only a hidden → visible change needs the state again.
      panel.onDidChangeViewState(e => {
        const visible = e.webviewPanel.visible;
        if (visible && !this.wasVisible) this.sendSnapshot();
        this.wasVisible = visible;
      }),
      svc.core.onChange(e => { if (this.panel.visible) this.batcher.push(e); }),
      svc.core.onProjectsChanged(() => { if (this.panel.visible) this.sendSnapshot(); }),
      // History (past sessions, stored log lines) loads after activation: send it when it arrives.
      svc.core.onHistoryLoaded(() => { if (this.panel.visible) this.sendSnapshot(); }),
      svc.apps.onDidChange(() => { if (this.panel.visible) this.sendSnapshot(); }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post({ type: 'trust/changed', trusted: true })),
      svc.checkpoints.cache.onDidChange(id => { if (this.panel.visible) this.postCheckpoints(id); }),
    );
    // Team projects change as a whole (the client re-reads a project on each hub event): resend the snapshot.
    if (svc.team) this.subs.push(svc.team.onDidChange(() => { if (this.panel.visible) this.sendSnapshot(); }));
    if (svc.attention) this.subs.push(svc.attention.onDidChange(c => { if (this.panel.visible) this.post({ type: 'attention/items', items: c.items }); }));
  }

  private html(): string {
    const w = this.panel.webview;
    const dist = (f: string) => w.asWebviewUri(vscode.Uri.joinPath(this.svc.context.extensionUri, 'dist', f)).toString();
    return buildDashboardHtml({ cspSource: w.cspSource, scriptUri: dist('webview.js'), styleUri: dist('webview.css'), codiconUri: dist('codicon.css') });
  }

  private post(msg: HostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(msg).then(undefined, (e: unknown) => this.svc.log.warn('dashboard: postMessage failed', e));
  }

  /** Sends the full state; pending deltas are dropped because the snapshot already contains them. */
  sendSnapshot(): void {
    this.batcher.clear();
    const core = this.svc.core;
    const projects: ProjectSnapshot[] = [];
    const logs: LogEntry[] = [];
    let history: ReturnType<typeof core.history> = [];
    try {
      for (const p of core.projects()) {
        const snap = core.snapshot(p.id);
        if (!snap) continue;
        projects.push(snap);
        try { logs.push(...core.logs(p.id, { limit: SNAPSHOT_LOG_LINES })); } catch (e) { this.svc.log.warn('dashboard: logs unavailable', e); }
      }
      history = core.history();
    } catch (e) {
      this.svc.log.error(toError(e));
    }
    const remote = this.svc.team?.snapshots() ?? [];
    // Long columns go out cut to what the board shows first; the rest streams after, deltas held until it is in.
    const split = splitSnapshot([...projects, ...remote]);
    this.post({
      type: 'state/snapshot', projects: split.projects, activeProjectId: this.svc.activeProjectId(), logs, trusted: this.svc.isTrusted(), history,
      apps: dashboardApps(this.svc), readOnlyProjectIds: remote.map(s => s.project.id), ...(split.columnTotals ? { columnTotals: split.columnTotals } : {}),
    });
    this.post({ type: 'attention/items', items: this.svc.attention?.items() ?? [] });
    for (const p of projects) this.postCheckpoints(p.project.id);
    const gen = ++this.snapshotGen;
    if (split.chunks.length === 0) return;
    this.batcher.hold();
    void this.streamChunks(gen, split.chunks);
  }

  /** Posts the chunks one after the other (each once the previous one was delivered), then lets deltas through. */
  private async streamChunks(gen: number, chunks: readonly HostMessage[]): Promise<void> {
    try {
      for (const chunk of chunks) {
        if (this.disposed || gen !== this.snapshotGen) return;
        const received = this.nextChunkReceived();
        await this.panel.webview.postMessage(chunk);
        await received;
      }
    } catch (e) {
      this.svc.log.warn('dashboard: streaming cards failed', e);
    }
    // A failed or cut-short stream leaves the webview with a short column; its next snapshot request repairs that.
    if (!this.disposed && gen === this.snapshotGen) this.batcher.release();
  }

  /** Resolves when the webview says it applied a chunk, or after a timeout (a lost message must not stall deltas). */
  private nextChunkReceived(): Promise<void> {
    this.chunkReceived?.();
    return new Promise(resolve => {
      const done = () => {
        clearTimeout(timer);
        if (this.chunkReceived === done) this.chunkReceived = null;
        resolve();
      };
      const timer = setTimeout(done, CHUNK_ACK_TIMEOUT_MS);
      this.chunkReceived = done;
    });
  }

  private postCheckpoints(projectId: string): void {
    this.post({ type: 'checkpoints/list', projectId, checkpoints: this.svc.checkpoints.cache.get(projectId) });
  }

  private receive(m: unknown): void {
    if (!isWebviewMessage(m)) {
      this.svc.log.warn('dashboard: ignored malformed message from the webview');
      return;
    }
    this.handle(m).catch((e: unknown) => this.svc.log.error(toError(e)));
  }

  private async reply(requestId: number, work: () => Promise<unknown>): Promise<void> {
    let result: Result<unknown>;
    try {
      result = { ok: true, value: (await work()) ?? null };
    } catch (e) {
      result = { ok: false, error: errorMessage(e) };
    }
    this.post({ type: 'reply', requestId, result });
  }

  private requireTrust(projectId?: string): void {
    if (!this.svc.isTrusted()) throw new Error('Not available in Restricted Mode');
    if (projectId !== undefined && this.svc.team?.snapshots().some(s => s.project.id === projectId)) {
      throw new Error('Team projects are read-only in the dashboard: control them from the Team section of the Projects view');
    }
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    const s = this.svc.sessions;
    switch (msg.type) {
      case 'ready':
      case 'snapshot/request':
        this.sendSnapshot();
        return;
      case 'tasks/received':
        this.chunkReceived?.();
        return;
      case 'task/move':
        return this.reply(msg.requestId, async () => { this.requireTrust(msg.projectId); await s.moveTask(msg.projectId, msg.taskId, msg.to); });
      case 'task/add':
        return this.reply(msg.requestId, async () => {
          this.requireTrust(msg.projectId);
          const id = await s.addTask(msg.projectId, { title: msg.title, description: msg.description, priority: msg.priority });
          if (id === undefined) throw new Error('The task was not added');
          return id;
        });
      case 'session/control':
        return this.reply(msg.requestId, async () => { this.requireTrust(msg.projectId); await s[msg.action](msg.projectId); });
      case 'session/input':
        return this.reply(msg.requestId, async () => { this.requireTrust(msg.projectId); await s.sendInput(msg.projectId, msg.text); });
      case 'logs/request': {
        let entries: LogEntry[] = [];
        try { entries = this.svc.core.logs(msg.projectId, { beforeSeq: msg.beforeSeq, limit: msg.limit }); } catch (e) { this.svc.log.warn('dashboard: logs unavailable', e); }
        this.post({ type: 'logs/page', requestId: msg.requestId, projectId: msg.projectId, entries, hasMore: entries.length >= msg.limit });
        return;
      }
      case 'file/open':
        await this.openFile(msg.projectId, msg.file);
        return;
      case 'command/run':
        await vscode.commands.executeCommand(`lokiDashboard.${msg.command}`, ...(msg.projectId === undefined ? [] : [msg.projectId]));
        return;
      case 'checkpoint/run':
        // The commands check trust and the session themselves and ask for confirmation in a modal.
        await runCheckpointAction(msg);
        return;
      case 'insights/request':
        return this.reply(msg.requestId, () => this.insights.insights(msg.projectId));
      case 'attention/act':
        return this.reply(msg.requestId, async () => {
          if (!this.svc.attention) throw new Error('Needs you is not available');
          await this.svc.attention.act(msg.itemId, msg.action);
        });
      default:
        assertNever(msg);
    }
  }

  /** Opens a `.loki`-relative file of a project; paths that escape the project are refused. */
  private async openFile(projectId: string, file: string): Promise<void> {
    const project = this.svc.core.projects().find(p => p.id === projectId);
    if (!project) return;
    const root = path.resolve(project.path);
    const target = path.isAbsolute(file) ? path.resolve(file) : path.resolve(root, '.loki', file);
    if (target !== root && !target.startsWith(root + path.sep)) {
      this.svc.log.warn(`dashboard: refused to open ${file} outside ${root}`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.batcher.dispose();
    this.chunkReceived?.();
    while (this.subs.length) this.subs.pop()!.dispose();
    this.panel.dispose();
  }
}
