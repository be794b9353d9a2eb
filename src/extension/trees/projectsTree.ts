import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { AppIndex } from '../../core/apps/appIndex';
import { groupProjectsByApp } from '../../core/apps/appGrouping';
import { groupRemoteByApp } from '../../core/apps/remoteAppRows';
import type { LokiCore } from '../../core/lokiCore';
import { TASK_STATUSES } from '../../core/domain';
import type { AttentionMonitor } from '../../core/attention/attentionMonitor';
import type { AppGroup, AttentionItem, CheckpointInfo, ProjectInfo, ProjectSnapshot, Problem, Session, SessionSummary, Task, TaskStatus } from '../../core/domain';
import type { CheckpointCache } from '../../core/checkpoints/checkpointCache';
import { checkpointItem, checkpointsItem } from './checkpointNodes';
import { runState } from '../sessionRules';
import { escapeMd } from '../statusText';
import type { SessionTerminals } from '../terminals';
import { throttle } from './throttle';
import { remoteItem, teamAppItem, teamItem } from './teamItems';
import type { TeamView } from '../team/register';

const MAX_TASKS = 200;

/** A node of the Projects tree; `parent` makes getParent (and so reveal) work. */
export type ProjectNode =
  | { kind: 'app'; app: AppGroup; projects: ProjectInfo[]; project?: undefined; parent?: undefined }
  | { kind: 'team'; url: string; project?: undefined; parent?: undefined }
  | { kind: 'teamApp'; app: AppGroup; snaps: ProjectSnapshot[]; project?: undefined; parent: ProjectNode }
  | { kind: 'remote'; snap: ProjectSnapshot; project?: undefined; parent: ProjectNode }
  | { kind: 'project'; project: ProjectInfo; parent?: ProjectNode }
  | { kind: 'session'; project: ProjectInfo; session: Session; parent: ProjectNode }
  | { kind: 'column'; project: ProjectInfo; status: TaskStatus; tasks: Task[]; parent: ProjectNode }
  | { kind: 'task'; project: ProjectInfo; task: Task; parent: ProjectNode }
  | { kind: 'more'; project: ProjectInfo; count: number; parent: ProjectNode }
  | { kind: 'history'; project: ProjectInfo; sessions: SessionSummary[]; parent: ProjectNode }
  | { kind: 'past'; project: ProjectInfo; summary: SessionSummary; parent: ProjectNode }
  | { kind: 'problems'; project: ProjectInfo; problems: Problem[]; parent: ProjectNode }
  | { kind: 'problem'; project: ProjectInfo; problem: Problem; parent: ProjectNode }
  | { kind: 'needs'; project: ProjectInfo; items: AttentionItem[]; parent: ProjectNode }
  | { kind: 'need'; project: ProjectInfo; item: AttentionItem; parent: ProjectNode }
  | { kind: 'checkpoints'; project: ProjectInfo; parent: ProjectNode }
  | { kind: 'checkpoint'; project: ProjectInfo; checkpoint: CheckpointInfo; parent: ProjectNode };

export const COLUMN_LABELS: Record<TaskStatus, string> = { pending: 'Pending', in_progress: 'In progress', review: 'Review', completed: 'Completed', failed: 'Failed' };
const TASK_ICONS: Record<TaskStatus, string> = { pending: 'circle-large-outline', in_progress: 'sync', review: 'eye', completed: 'pass', failed: 'error' };

function sessionLine(s: { phase: string | null; iteration: number | null; costUsd: number | null }): string {
  const parts: string[] = [];
  if (s.phase) parts.push(s.phase);
  if (s.iteration !== null) parts.push(`iter ${s.iteration}`);
  if (s.costUsd !== null) parts.push(`$${s.costUsd.toFixed(2)}`);
  return parts.join(' · ');
}

/** Projects → current session (status, phase, iteration) → columns with counts → tasks; History; Problems. */
export class ProjectsTree implements vscode.TreeDataProvider<ProjectNode>, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new vscode.EventEmitter<ProjectNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<ProjectNode>;

  constructor(
    private readonly core: LokiCore,
    private readonly terminals: SessionTerminals,
    private readonly attention?: Pick<AttentionMonitor, 'items' | 'itemsFor' | 'onDidChange'>,
    private readonly checkpoints?: CheckpointCache,
    private readonly apps?: AppIndex,
    private readonly team?: TeamView,
  ) {
    const refresh = this.disposables.add(throttle(() => this.emitter.fire(undefined), 300));
    if (checkpoints) this.disposables.add(checkpoints.onDidChange(() => refresh()));
    this.disposables.add(core.onChange(e => { if (e.change.kind !== 'log/entries' && e.change.kind !== 'event/appended') refresh(); }));
    this.disposables.add(core.onProjectsChanged(() => refresh()));
    this.disposables.add(core.onHistoryLoaded(() => refresh()));
    this.disposables.add(terminals.onDidExit(() => refresh()));
    if (apps) this.disposables.add(apps.onDidChange(() => refresh()));
    if (team) this.disposables.add(team.onDidChange(() => refresh()));
    this.view = this.disposables.add(vscode.window.createTreeView('lokiDashboard.projects', { treeDataProvider: this, showCollapseAll: true }));
    if (attention) {
      this.disposables.add(attention.onDidChange(() => { this.updateBadge(); refresh(); }));
      this.updateBadge();
    }
  }

  /** The view's badge: how many things need a person, across every project. */
  private updateBadge(): void {
    const n = this.attention?.items().length ?? 0;
    this.view.badge = n ? { value: n, tooltip: `${n} item${n === 1 ? '' : 's'} need${n === 1 ? 's' : ''} you` } : undefined;
  }

  /** The node of a project (for reveal). */
  projectNode(projectId: string): ProjectNode | undefined {
    for (const row of this.topRows()) {
      if (row.kind === 'project' && row.project.id === projectId) return row;
      if (row.kind === 'app') {
        const project = row.projects.find(p => p.id === projectId);
        if (project) return { kind: 'project', project, parent: row };
      }
    }
    return undefined;
  }

  /** Apps (each with its projects) first, then projects of no app. */
  private topRows(): ProjectNode[] {
    return groupProjectsByApp(this.core.projects(), this.apps?.apps() ?? []);
  }

  /** The Team section: the hub's apps (each with its remote projects), then remote projects of no app. */
  private teamRows(parent: ProjectNode): ProjectNode[] {
    const client = this.team?.client();
    if (!client) return [];
    return groupRemoteByApp(client.projects(), this.apps?.apps() ?? [], client.apps())
      .map(row => (row.kind === 'app' ? { kind: 'teamApp', app: row.app, snaps: row.snaps, parent } : { kind: 'remote', snap: row.snap, parent }));
  }

  getParent(node: ProjectNode): ProjectNode | undefined {
    return node.parent;
  }

  getChildren(node?: ProjectNode): ProjectNode[] {
    if (!node) {
      const client = this.team?.client();
      return client ? [...this.topRows(), { kind: 'team', url: client.url }] : this.topRows();
    }
    if (node.kind === 'team') return this.teamRows(node);
    if (node.kind === 'teamApp') return node.snaps.map(snap => ({ kind: 'remote', snap, parent: node }));
    if (node.kind === 'remote') return [];
    if (node.kind === 'app') return node.projects.map(project => ({ kind: 'project', project, parent: node }));
    const snap = this.core.snapshot(node.project.id);
    switch (node.kind) {
      case 'project': {
        const out: ProjectNode[] = [];
        if (snap && (snap.hasLoki || snap.session.status !== 'idle')) out.push({ kind: 'session', project: node.project, session: snap.session, parent: node });
        const needs = this.attention?.itemsFor(node.project.id) ?? [];
        if (needs.length) out.push({ kind: 'needs', project: node.project, items: needs, parent: node });
        const current = snap?.session.id;
        const past = this.core.history(node.project.id).filter(s => s.id !== current);
        if (past.length) out.push({ kind: 'history', project: node.project, sessions: past, parent: node });
        if (snap?.problems.length) out.push({ kind: 'problems', project: node.project, problems: snap.problems, parent: node });
        return out;
      }
      case 'session': {
        const out: ProjectNode[] = TASK_STATUSES.map(status => ({ kind: 'column', project: node.project, status, tasks: snap?.columns[status] ?? [], parent: node }));
        if (this.checkpoints) out.push({ kind: 'checkpoints', project: node.project, parent: node });
        return out;
      }
      case 'checkpoints':
        return (this.checkpoints?.get(node.project.id) ?? []).map(checkpoint => ({ kind: 'checkpoint', project: node.project, checkpoint, parent: node }));
      case 'column': {
        const tasks: ProjectNode[] = node.tasks.slice(0, MAX_TASKS).map(task => ({ kind: 'task', project: node.project, task, parent: node }));
        if (node.tasks.length > MAX_TASKS) tasks.push({ kind: 'more', project: node.project, count: node.tasks.length - MAX_TASKS, parent: node });
        return tasks;
      }
      case 'history':
        return node.sessions.map(summary => ({ kind: 'past', project: node.project, summary, parent: node }));
      case 'problems':
        return node.problems.map(problem => ({ kind: 'problem', project: node.project, problem, parent: node }));
      case 'needs':
        return node.items.map(item => ({ kind: 'need', project: node.project, item, parent: node }));
      default:
        return [];
    }
  }

  getTreeItem(node: ProjectNode): vscode.TreeItem {
    if (node.kind === 'app') return this.appItem(node.app, node.projects);
    if (node.kind === 'team') return teamItem(node.url, this.team?.client()?.projects().length ?? 0);
    if (node.kind === 'teamApp') return teamAppItem(node.app, node.snaps);
    if (node.kind === 'remote') return remoteItem(node.snap, this.team?.client()?.canControl() ?? false);
    const pid = node.project.id;
    switch (node.kind) {
      case 'project': {
        const snap = this.core.snapshot(pid);
        const state = runState(snap?.session);
        const item = new vscode.TreeItem(node.project.name, this.core.projects().length === 1 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `project:${pid}`;
        item.contextValue = `project:${state}`;
        const exit = this.terminals.lastExit(pid);
        item.description = !snap?.hasLoki ? 'no .loki yet' : state === 'idle' ? (snap.session.status === 'idle' ? 'idle' : snap.session.status) : `${state}${sessionLine(snap.session) ? ' · ' + sessionLine(snap.session) : ''}`;
        if (state === 'idle' && exit?.code) item.description += ` · exited (${exit.code})`;
        item.iconPath = new vscode.ThemeIcon(state === 'running' ? 'sync~spin' : state === 'paused' ? 'debug-pause' : 'folder');
        item.tooltip = new vscode.MarkdownString(`**${escapeMd(node.project.name)}**\n\n${escapeMd(node.project.path)}`);
        item.resourceUri = vscode.Uri.file(node.project.path);
        return item;
      }
      case 'session': {
        const s = node.session;
        const item = new vscode.TreeItem(`Session: ${s.status}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `session:${pid}`;
        item.contextValue = `session:${runState(s)}`;
        item.description = sessionLine(s);
        item.iconPath = new vscode.ThemeIcon(runState(s) === 'running' ? 'pulse' : 'history');
        const lines = [`Status: ${escapeMd(s.status)}${s.alive ? ' (runner alive)' : ''}`];
        if (s.provider) lines.push(`Provider: ${escapeMd(s.provider)}`);
        if (s.startedAt) lines.push(`Started: ${escapeMd(s.startedAt)}`);
        if (s.prdPath) lines.push(`PRD: ${escapeMd(s.prdPath)}`);
        if (s.autonomyMode) lines.push(`Mode: ${escapeMd(s.autonomyMode)}`);
        item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
        return item;
      }
      case 'column': {
        const item = new vscode.TreeItem(COLUMN_LABELS[node.status], node.tasks.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `column:${pid}:${node.status}`;
        item.contextValue = `column:${node.status}`;
        item.description = String(node.tasks.length);
        item.iconPath = new vscode.ThemeIcon(TASK_ICONS[node.status]);
        return item;
      }
      case 'task': {
        const t = node.task;
        const item = new vscode.TreeItem(t.title || t.id, vscode.TreeItemCollapsibleState.None);
        item.id = `task:${pid}:${t.status}:${t.id}`;
        item.contextValue = `task:${t.status}${t.readOnly ? ':readonly' : ''}`;
        item.description = `${t.priority} · ${t.id}`;
        item.iconPath = new vscode.ThemeIcon(TASK_ICONS[t.status]);
        const md = new vscode.MarkdownString(`**${escapeMd(t.title)}**\n\n${escapeMd(t.id)} · ${escapeMd(t.priority)} · ${escapeMd(t.source)}${t.description ? `\n\n${escapeMd(t.description)}` : ''}\n\nFrom \`.loki/${t.file.replace(/`/g, '')}\``);
        md.isTrusted = false;
        item.tooltip = md;
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`… ${node.count} more`, vscode.TreeItemCollapsibleState.None);
        item.command = { command: 'lokiDashboard.openDashboard', title: 'Open Dashboard', arguments: [pid] };
        item.tooltip = 'Open the dashboard to see every task';
        return item;
      }
      case 'history': {
        const item = new vscode.TreeItem('History', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `history:${pid}`;
        item.description = String(node.sessions.length);
        item.iconPath = new vscode.ThemeIcon('history');
        return item;
      }
      case 'past': {
        const s = node.summary;
        const item = new vscode.TreeItem(`${s.status}${s.startedAt ? ` · ${s.startedAt.replace('T', ' ').slice(0, 16)}` : ''}`, vscode.TreeItemCollapsibleState.None);
        item.id = `past:${pid}:${s.id}`;
        item.contextValue = 'pastSession';
        const done = s.taskCounts.completed;
        const total = Object.values(s.taskCounts).reduce((a, b) => a + b, 0);
        item.description = [sessionLine(s), total ? `${done}/${total} tasks` : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(s.status === 'failed' ? 'error' : s.status === 'completed' ? 'pass' : 'circle-outline');
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem('Unreadable files', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `problems:${pid}`;
        item.description = String(node.problems.length);
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'needs': {
        const item = new vscode.TreeItem('Needs you', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `needs:${pid}`;
        item.description = String(node.items.length);
        item.iconPath = new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('list.warningForeground'));
        item.command = { command: 'lokiDashboard.openDashboard', title: 'Open Dashboard', arguments: [pid] };
        return item;
      }
      case 'need': {
        const a = node.item;
        const item = new vscode.TreeItem(a.reason, vscode.TreeItemCollapsibleState.None);
        item.id = `need:${a.id}`;
        item.contextValue = `need:${a.kind}`;
        item.description = a.severity;
        item.tooltip = new vscode.MarkdownString(`**${escapeMd(a.reason)}**\n\n${escapeMd(a.kind)} · ${escapeMd(a.severity)} · \`.loki/${a.evidence.file.replace(/`/g, '')}\`${a.evidence.field ? ` (${escapeMd(a.evidence.field)})` : ''}`);
        item.iconPath = new vscode.ThemeIcon(a.severity === 'high' ? 'warning' : 'info');
        item.command = { command: 'lokiDashboard.openDashboard', title: 'Open Dashboard', arguments: [pid] };
        return item;
      }
      case 'checkpoints':
        return checkpointsItem(node.project, this.checkpoints?.get(pid).length ?? 0);
      case 'checkpoint':
        return checkpointItem(node.project, node.checkpoint);
      case 'problem': {
        const item = new vscode.TreeItem(node.problem.file, vscode.TreeItemCollapsibleState.None);
        item.id = `problem:${pid}:${node.problem.file}`;
        item.description = node.problem.message;
        item.tooltip = `${node.problem.file}: ${node.problem.message} (the last good value stays in use)`;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
    }
  }

  private appItem(app: AppGroup, projects: ProjectInfo[]): vscode.TreeItem {
    const item = new vscode.TreeItem(app.appId, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `app:${app.appId}`;
    item.contextValue = 'app';
    const snaps = projects.map(p => this.core.snapshot(p.id));
    const cost = snaps.reduce((a, s) => a + (s?.session.costUsd ?? 0), 0);
    const running = snaps.filter(s => runState(s?.session) === 'running').length;
    item.description = `${projects.length} project${projects.length === 1 ? '' : 's'}${running ? ` · ${running} running` : ''}${cost ? ` · $${cost.toFixed(2)}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.tooltip = new vscode.MarkdownString(`**App ${escapeMd(app.appId)}** (.loki/app.json)\n\n${app.members.map(m => `- ${escapeMd(m)}`).join('\n')}`);
    return item;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
