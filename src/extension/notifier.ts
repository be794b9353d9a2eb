import * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import type { Config } from './config';
import type { Notice } from './notificationRules';
import { allowed, collapse, NoticeRules } from './notificationRules';
import { toError } from '../core/errors';

const BATCH_MS = 1000;
const OPEN = 'Open Dashboard';

/** Session notifications per the `notifications` setting: deduped by key and batched, never one popup per file change. */
export class Notifier implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly rules: NoticeRules;
  private readonly seen = new Set<string>();
  private batch: Notice[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Every notice shown, newest last (tests read it; the vscode API cannot list notifications). */
  readonly shown: Notice[] = [];

  constructor(private readonly core: LokiCore, private readonly config: Config, private readonly log: Logger) {
    this.rules = new NoticeRules(id => this.core.projects().find(p => p.id === id)?.name ?? id);
    this.disposables.add(core.onChange(e => {
      for (const n of this.rules.take(e)) this.push(n);
    }));
    let known = new Set(core.projects().map(p => p.id));
    this.disposables.add(core.onProjectsChanged(list => {
      // A re-added project starts fresh instead of announcing what happened while it was away.
      const ids = new Set(list.map(p => p.id));
      for (const id of known) if (!ids.has(id)) this.rules.forget(id);
      known = ids;
    }));
    this.disposables.add(toDisposable(() => clearTimeout(this.timer)));
  }

  /** Queues a notice (deduped by key). */
  push(n: Notice): void {
    if (this.seen.has(n.key)) return;
    this.seen.add(n.key);
    if (this.seen.size > 5000) this.seen.clear();
    this.batch.push(n);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = collapse(this.batch);
    this.batch = [];
    const level = this.config.notifications;
    for (const n of batch) {
      this.log.info(`Notice (${n.kind}): ${n.message}`);
      if (!allowed(level, n)) continue;
      this.shown.push(n);
      if (this.shown.length > 200) this.shown.shift();
      const show = n.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
      void show(n.message, OPEN).then(choice => {
        if (choice === OPEN) {
          void vscode.commands.executeCommand('lokiDashboard.openDashboard', n.projectId).then(undefined, err => this.log.error(toError(err)));
        }
      });
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
