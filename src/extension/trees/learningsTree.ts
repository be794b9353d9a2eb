import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { LokiCore } from '../../core/lokiCore';
import type { Learning } from '../../core/domain';
import { escapeMd } from '../statusText';
import { throttle } from './throttle';

/** A node of the Learnings tree: owner (a project or "All projects") → category → learning. */
export type LearningNode =
  | { kind: 'owner'; key: string; label: string; learnings: Learning[] }
  | { kind: 'category'; key: string; category: string; learnings: Learning[]; parent: LearningNode }
  | { kind: 'learning'; learning: Learning; parent: LearningNode };

const GLOBAL = 'All projects';

/** Learnings by project and category, global ones under "All projects", with a text filter. */
export class LearningsTree implements vscode.TreeDataProvider<LearningNode>, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new vscode.EventEmitter<LearningNode | undefined>());
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<LearningNode>;
  private filterText = '';

  constructor(private readonly core: LokiCore) {
    const refresh = this.disposables.add(throttle(() => this.emitter.fire(undefined), 500));
    this.disposables.add(core.onChange(e => { if (e.change.kind === 'learning/added') refresh(); }));
    this.disposables.add(core.onProjectsChanged(() => refresh()));
    this.disposables.add(core.onHistoryLoaded(() => refresh()));
    this.view = this.disposables.add(vscode.window.createTreeView('lokiDashboard.learnings', { treeDataProvider: this, showCollapseAll: true }));
  }

  get filter(): string {
    return this.filterText;
  }

  /** Sets the text filter ('' clears it) and shows it in the view description. */
  setFilter(text: string): void {
    this.filterText = text.trim();
    this.view.description = this.filterText ? `filter: "${this.filterText}"` : undefined;
    this.emitter.fire(undefined);
  }

  private all(): Learning[] {
    return this.core.learnings(undefined, this.filterText || undefined);
  }

  getParent(node: LearningNode): LearningNode | undefined {
    return node.kind === 'owner' ? undefined : node.parent;
  }

  getChildren(node?: LearningNode): LearningNode[] {
    if (!node) {
      const learnings = this.all();
      const names = new Map(this.core.projects().map(p => [p.id, p.name]));
      const groups = new Map<string, Learning[]>();
      for (const l of learnings) {
        const key = l.projectId ?? '';
        groups.set(key, [...(groups.get(key) ?? []), l]);
      }
      this.view.message = this.filterText && learnings.length === 0 ? `No learning matches "${this.filterText}".` : undefined;
      return [...groups.entries()]
        .map(([key, ls]) => ({ kind: 'owner' as const, key, label: key === '' ? GLOBAL : names.get(key) ?? ls[0]?.projectName ?? key, learnings: ls }))
        .sort((a, b) => (a.key === '' ? -1 : b.key === '' ? 1 : a.label.localeCompare(b.label)));
    }
    if (node.kind === 'owner') {
      const cats = new Map<string, Learning[]>();
      for (const l of node.learnings) cats.set(l.category || 'other', [...(cats.get(l.category || 'other') ?? []), l]);
      return [...cats.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, ls]) => ({ kind: 'category', key: `${node.key}:${category}`, category, learnings: ls, parent: node }));
    }
    if (node.kind === 'category') {
      return [...node.learnings].sort((a, b) => (b.timestamp ?? '').localeCompare(a.timestamp ?? '')).map(learning => ({ kind: 'learning', learning, parent: node }));
    }
    return [];
  }

  getTreeItem(node: LearningNode): vscode.TreeItem {
    if (node.kind === 'owner') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `learnings:${node.key || 'global'}`;
      item.description = String(node.learnings.length);
      item.iconPath = new vscode.ThemeIcon(node.key ? 'folder' : 'globe');
      return item;
    }
    if (node.kind === 'category') {
      const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `learnings:${node.key}`;
      item.description = String(node.learnings.length);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      return item;
    }
    const l = node.learning;
    const firstLine = l.text.split('\n', 1)[0] ?? '';
    const item = new vscode.TreeItem(firstLine.length > 120 ? firstLine.slice(0, 119) + '…' : firstLine || '(empty)', vscode.TreeItemCollapsibleState.None);
    item.id = `learning:${l.projectId ?? 'global'}:${l.id}`;
    item.description = l.timestamp ? l.timestamp.slice(0, 10) : undefined;
    item.iconPath = new vscode.ThemeIcon('lightbulb');
    // Learnings are text an agent wrote: escaped, never trusted, no command links.
    const md = new vscode.MarkdownString(`${escapeMd(l.text)}\n\n---\n\nFrom ${escapeMd(l.origin)}${l.projectName ? ` · project ${escapeMd(l.projectName)}` : ''}${l.timestamp ? ` · ${escapeMd(l.timestamp)}` : ''}`);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
