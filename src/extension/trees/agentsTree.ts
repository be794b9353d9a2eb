import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { LokiCore } from '../../core/lokiCore';
import type { Agent, AgentStatus, ProjectInfo } from '../../core/domain';
import { escapeMd } from '../statusText';
import { throttle } from './throttle';

/** A node of the Agents tree. */
export type AgentNode = { kind: 'project'; project: ProjectInfo; agents: Agent[] } | { kind: 'agent'; agent: Agent; parent: AgentNode };

const ICONS: Record<AgentStatus, string> = { active: 'sync~spin', completed: 'pass', crashed: 'error' };
const ORDER: Record<AgentStatus, number> = { active: 0, crashed: 1, completed: 2 };

/** Agents grouped by project; active first. */
export class AgentsTree implements vscode.TreeDataProvider<AgentNode>, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new vscode.EventEmitter<AgentNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<AgentNode>;

  constructor(private readonly core: LokiCore) {
    const refresh = this.disposables.add(throttle(() => this.emitter.fire(undefined), 500));
    this.disposables.add(core.onChange(e => { if (e.change.kind.startsWith('agent/')) refresh(); }));
    this.disposables.add(core.onProjectsChanged(() => refresh()));
    this.view = this.disposables.add(vscode.window.createTreeView('lokiDashboard.agents', { treeDataProvider: this }));
  }

  getParent(node: AgentNode): AgentNode | undefined {
    return node.kind === 'agent' ? node.parent : undefined;
  }

  getChildren(node?: AgentNode): AgentNode[] {
    if (!node) {
      return this.core.projects()
        .map(project => ({ kind: 'project' as const, project, agents: this.core.snapshot(project.id)?.agents ?? [] }))
        .filter(n => n.agents.length > 0)
        .sort((a, b) => a.project.name.localeCompare(b.project.name));
    }
    if (node.kind === 'project') {
      return [...node.agents].sort((a, b) => ORDER[a.status] - ORDER[b.status] || (b.spawnedAt ?? '').localeCompare(a.spawnedAt ?? '')).map(agent => ({ kind: 'agent', agent, parent: node }));
    }
    return [];
  }

  getTreeItem(node: AgentNode): vscode.TreeItem {
    if (node.kind === 'project') {
      const item = new vscode.TreeItem(node.project.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `agents:${node.project.id}`;
      const active = node.agents.filter(a => a.status === 'active').length;
      item.description = `${active} active · ${node.agents.length} total`;
      item.iconPath = new vscode.ThemeIcon('folder');
      item.contextValue = 'agentProject';
      return item;
    }
    const a = node.agent;
    const item = new vscode.TreeItem(a.name || a.type || a.id, vscode.TreeItemCollapsibleState.None);
    item.id = `agent:${a.projectId}:${a.id}`;
    item.contextValue = `agent:${a.status}`;
    item.description = [a.model, a.currentTask].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(ICONS[a.status], a.status === 'crashed' ? new vscode.ThemeColor('errorForeground') : undefined);
    const lines = [`**${escapeMd(a.name || a.id)}** (${escapeMd(a.type)})`, `Status: ${escapeMd(a.status)}`];
    if (a.model) lines.push(`Model: ${escapeMd(a.model)}`);
    if (a.currentTask) lines.push(`Task: ${escapeMd(a.currentTask)}`);
    lines.push(`Spawned: ${a.spawnedAt ? escapeMd(a.spawnedAt) : 'unknown'}`);
    if (a.completedAt) lines.push(`Completed: ${escapeMd(a.completedAt)}`);
    lines.push(`Tool calls: ${a.toolCount ?? 'unknown'}`);
    const md = new vscode.MarkdownString(lines.join('\n\n'));
    md.isTrusted = false;
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
