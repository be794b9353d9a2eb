import * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { AttentionMonitor } from '../core/attention/attentionMonitor';
import type { LokiCore } from '../core/lokiCore';
import type { ProjectSnapshot } from '../core/domain';
import type { Config } from './config';
import { runState } from './sessionRules';
import type { StatusView } from './statusText';
import { aggregateStatus, escapeMd, projectStatus } from './statusText';
import type { SessionTerminals } from './terminals';

const RENDER_DELAY_MS = 100;
/** Re-evaluates "stale" even when no file changes (that is the point of stale). */
const STALE_TICK_MS = 10_000;

/** One left status bar item for the active project, or an aggregate when several run. */
export class LokiStatusBar implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private pending: NodeJS.Timeout | undefined;
  private lastFocus: string | undefined;
  private pinned: string | undefined;
  /** What is shown now (tests read it: the vscode API cannot read status bar items). */
  current: StatusView & { visible: boolean; projectId: string | null; needsYou: number } = { text: '', tooltip: [], severity: 'none', visible: false, projectId: null, needsYou: 0 };

  constructor(
    private readonly core: LokiCore,
    private readonly config: Config,
    private readonly terminals: SessionTerminals,
    private readonly active: () => string | null,
    private readonly attention?: Pick<AttentionMonitor, 'items' | 'onDidChange'>,
  ) {
    this.item = this.disposables.add(vscode.window.createStatusBarItem('lokiDashboard.status', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'Loki Session';
    this.item.command = 'lokiDashboard.statusBarMenu';
    this.disposables.add(core.onChange(() => this.schedule()));
    this.disposables.add(core.onProjectsChanged(() => this.schedule()));
    this.disposables.add(terminals.onDidExit(() => this.schedule()));
    if (attention) this.disposables.add(attention.onDidChange(() => this.schedule()));
    this.disposables.add(vscode.window.onDidChangeActiveTextEditor(() => { this.pinned = undefined; this.schedule(); }));
    this.disposables.add(config.onDidChange(affects => { if (affects('statusBar.enabled')) this.render(); }));
    const tick = setInterval(() => this.render(), STALE_TICK_MS);
    this.disposables.add(toDisposable(() => { clearInterval(tick); clearTimeout(this.pending); }));
    this.render();
  }

  /** Shows `projectId` until the active editor points at another project (the menu's "Switch project"). */
  focus(projectId: string): void {
    this.pinned = projectId;
    this.render();
  }

  /** Coalesces bursts of changes into one render. */
  schedule(): void {
    this.pending ??= setTimeout(() => { this.pending = undefined; this.render(); }, RENDER_DELAY_MS);
  }

  render(): void {
    const view = this.withAttention(this.compute());
    const needsYou = this.attention?.items().length ?? 0;
    if (!view || !this.config.statusBarEnabled) {
      this.item.hide();
      this.current = { ...(view ?? { text: '', tooltip: [], severity: 'none' }), visible: false, projectId: view?.projectId ?? null, needsYou };
      return;
    }
    this.item.text = view.text;
    const md = new vscode.MarkdownString(view.tooltip.join('\n\n'), true);
    md.isTrusted = false;
    md.appendMarkdown('\n\n---\n\nClick for session actions.');
    this.item.tooltip = md;
    this.item.backgroundColor = view.severity === 'none' ? undefined : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.show();
    this.current = { ...view, visible: true, needsYou };
  }

  /** "Needs you": the count across every project, in the warning colour (an error colour stays). */
  private withAttention(view: (StatusView & { projectId: string | null }) | undefined): (StatusView & { projectId: string | null }) | undefined {
    const items = this.attention?.items() ?? [];
    if (!view || !items.length) return view;
    const lines = items.slice(0, 3).map(i => `- ${escapeMd(i.projectName)}: ${escapeMd(i.reason)}`);
    return {
      ...view,
      text: `${view.text} $(bell-dot) ${items.length}`,
      severity: view.severity === 'error' ? 'error' : 'warning',
      tooltip: [...view.tooltip, `**Needs you: ${items.length}**`, lines.join('\n') + (items.length > 3 ? '\n- …' : '')],
    };
  }

  private compute(): (StatusView & { projectId: string | null }) | undefined {
    const projects = this.core.projects();
    if (!projects.length) return undefined;
    const snaps = projects.map(p => this.core.snapshot(p.id)).filter((s): s is ProjectSnapshot => !!s);
    const now = Date.now();
    const busy = snaps.filter(s => runState(s.session) !== 'idle');
    const pinned = snaps.find(s => s.project.id === this.pinned);
    if (pinned) return { ...projectStatus(pinned, now, this.terminals.lastExit(pinned.project.id)?.code), projectId: pinned.project.id };
    if (busy.length > 1) return { ...aggregateStatus(busy, now), projectId: null };
    const activeId = this.active();
    // After a run ends, keep showing the project last shown (its "stopped"/"completed") rather than a count.
    const focus = snaps.find(s => s.project.id === activeId) ?? busy[0] ?? (snaps.length === 1 ? snaps[0] : snaps.find(s => s.project.id === this.lastFocus));
    this.lastFocus = focus?.project.id ?? this.lastFocus;
    if (!focus) return { text: `$(circle-outline) Loki: ${projects.length} projects`, tooltip: ['**Loki**', '', 'No session running.'], severity: 'none', projectId: null };
    return { ...projectStatus(focus, now, this.terminals.lastExit(focus.project.id)?.code), projectId: focus.project.id };
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
