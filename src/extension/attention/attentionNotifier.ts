// One notification per new high-severity item, with its resolving action as the button; items that arrive together
// are merged into one; kinds in `lokiDashboard.attention.mutedKinds` stay silent.
import * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { AttentionItem } from '../../core/domain';
import type { Logger } from '../../core/logger';
import type { Config } from '../config';
import type { AttentionService } from './attentionService';
import { ACTION_LABELS } from './attentionService';

const MERGE_MS = 1000;
const OPEN = 'Open Dashboard';

/** Shows attention notifications. */
export class AttentionNotifier implements Disposable {
  private readonly disposables = new DisposableStore();
  private batch: AttentionItem[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Messages shown so far, newest last (tests read it: the vscode API cannot list notifications). */
  readonly shown: Array<{ message: string; itemIds: string[] }> = [];

  constructor(private readonly attention: AttentionService, config: Config, private readonly log: Logger) {
    this.disposables.add(attention.onDidChange(c => {
      if (config.notifications === 'off') return;
      const muted = new Set(config.attentionMutedKinds);
      const fresh = c.added.filter(i => i.severity === 'high' && !muted.has(i.kind));
      if (!fresh.length) return;
      this.batch.push(...fresh);
      this.timer ??= setTimeout(() => this.flush(), MERGE_MS);
    }));
    this.disposables.add(toDisposable(() => clearTimeout(this.timer)));
  }

  private flush(): void {
    this.timer = undefined;
    // Only what still needs a person when the batch closes.
    const live = this.batch.filter(i => this.attention.monitor.find(i.id));
    this.batch = [];
    if (!live.length) return;
    if (live.length === 1) {
      const item = live[0]!;
      const action = item.actions[0];
      const message = `Loki needs you in ${item.projectName}: ${item.reason}`;
      this.record(message, live);
      const buttons = action ? [ACTION_LABELS[action], OPEN] : [OPEN];
      void vscode.window.showWarningMessage(message, ...buttons).then(choice => {
        if (choice === OPEN) this.openDashboard(item.projectId);
        else if (choice && action) this.attention.act(item.id, action).catch((err: unknown) => this.fail(err));
      });
      return;
    }
    const projects = [...new Set(live.map(i => i.projectName))];
    const message = `Loki needs you: ${live.length} new items in ${projects.join(', ')} (${live.slice(0, 3).map(i => i.reason).join(' ')}${live.length > 3 ? ' …' : ''})`;
    this.record(message, live);
    void vscode.window.showWarningMessage(message, OPEN).then(choice => { if (choice) this.openDashboard(projects.length === 1 ? live[0]!.projectId : undefined); });
  }

  private record(message: string, items: AttentionItem[]): void {
    this.log.info(`Needs you: ${message}`);
    this.shown.push({ message, itemIds: items.map(i => i.id) });
    if (this.shown.length > 200) this.shown.shift();
  }

  private openDashboard(projectId?: string): void {
    void vscode.commands.executeCommand('lokiDashboard.openDashboard', projectId).then(undefined, (err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.log.error(e);
    void vscode.window.showErrorMessage(e.message);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
