// The host side of "Needs you": one AttentionMonitor over the core with the user's thresholds, and the actions that
// resolve an item. Actions take the item id, never a path or task from the caller: the item says what to touch.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AttentionMonitor } from '../../core/attention/attentionMonitor';
import { DisposableStore } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { AttentionAction, AttentionItem } from '../../core/domain';
import type { Logger } from '../../core/logger';
import type { LokiCore } from '../../core/lokiCore';
import { retryTask } from '../../core/write/retryTask';
import type { Config } from '../config';
import type { SessionActions } from '../sessionApi';
import { requireTrust } from '../trust';

/** Button labels of the actions (lane, notifications). */
export const ACTION_LABELS: Record<AttentionAction, string> = {
  resume: 'Resume', sendInput: 'Send Input', openEscalation: 'Open Escalation', retryTask: 'Retry Task', openFile: 'Open File', raiseBudget: 'Raise Budget', stop: 'Stop',
};

/** Every project's attention items, kept current, and their actions. */
export class AttentionService implements Disposable {
  private readonly disposables = new DisposableStore();
  readonly monitor: AttentionMonitor;

  constructor(private readonly deps: { core: LokiCore; config: Config; sessions: SessionActions; log: Logger }) {
    this.monitor = this.disposables.add(new AttentionMonitor({ source: deps.core, config: deps.config.attention }));
    this.disposables.add(deps.config.onDidChange(affects => { if (affects('attention')) this.monitor.setConfig(deps.config.attention); }));
  }

  /** Every item, most urgent first. */
  items(): AttentionItem[] {
    return this.monitor.items();
  }

  /** Fired when the items change. */
  get onDidChange(): AttentionMonitor['onDidChange'] {
    return this.monitor.onDidChange;
  }

  /** Runs `action` of item `itemId`; rejects with a readable Error when the item is gone or the action fails. */
  async act(itemId: string, action: AttentionAction): Promise<void> {
    const item = this.monitor.find(itemId);
    if (!item) throw new Error('That item is gone: its condition has ended.');
    if (!item.actions.includes(action)) throw new Error(`"${action}" does not resolve this item.`);
    const s = this.deps.sessions;
    switch (action) {
      case 'resume':
        return s.resume(item.projectId);
      case 'stop':
        return s.stop(item.projectId);
      case 'sendInput':
        return s.sendInput(item.projectId);
      case 'retryTask': {
        requireTrust('Retrying a task');
        if (!item.taskId) throw new Error('This item names no task.');
        await retryTask(path.join(this.projectPath(item.projectId), '.loki'), item.taskId);
        this.deps.log.info(`Retry requested for task ${item.taskId} in ${item.projectName}`);
        return;
      }
      case 'openFile':
      case 'openEscalation':
      case 'raiseBudget':
        // Raise Budget opens metrics/budget.json: the limit comes from `loki start --budget` (lokiDashboard.extraArgs).
        return this.openEvidence(item);
    }
  }

  /** Opens the item's evidence file, refusing anything outside the project's `.loki`. */
  private async openEvidence(item: AttentionItem): Promise<void> {
    const loki = path.resolve(this.projectPath(item.projectId), '.loki');
    const target = path.resolve(loki, item.evidence.file);
    if (!target.startsWith(loki + path.sep)) throw new Error(`Refused to open ${item.evidence.file}: outside the project's .loki folder.`);
    await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: true });
  }

  private projectPath(projectId: string): string {
    const p = this.deps.core.projects().find(x => x.id === projectId);
    if (!p) throw new Error(`Unknown Loki project: ${projectId}`);
    return p.path;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
