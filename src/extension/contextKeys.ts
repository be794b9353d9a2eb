import * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { LokiCore } from '../core/lokiCore';
import { runState } from './sessionRules';

/** Keeps `lokiDashboard.hasProjects|sessionRunning|sessionPaused` in step with the core (for the active project). */
export class ContextKeys implements Disposable {
  private readonly disposables = new DisposableStore();
  private last = '';
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly core: LokiCore, private readonly active: () => string | null) {
    this.disposables.add(core.onChange(() => this.schedule()));
    this.disposables.add(core.onProjectsChanged(() => this.schedule()));
    this.disposables.add(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this.disposables.add(toDisposable(() => clearTimeout(this.pending)));
    this.update();
  }

  private schedule(): void {
    this.pending ??= setTimeout(() => { this.pending = undefined; this.update(); }, 100);
  }

  update(): void {
    const has = this.core.projects().length > 0;
    const id = this.active();
    const state = runState(id ? this.core.snapshot(id)?.session : undefined);
    const key = `${has}|${state}`;
    if (key === this.last) return;
    this.last = key;
    void vscode.commands.executeCommand('setContext', 'lokiDashboard.hasProjects', has);
    void vscode.commands.executeCommand('setContext', 'lokiDashboard.sessionRunning', state === 'running');
    void vscode.commands.executeCommand('setContext', 'lokiDashboard.sessionPaused', state === 'paused');
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
