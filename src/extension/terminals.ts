import * as vscode from 'vscode';
import { DisposableStore, Emitter } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { Logger } from '../core/logger';
import type { ProjectInfo } from '../core/domain';
import type { LaunchPlan } from './launchPlan';
import { samePath } from './projects';

const BINDINGS_KEY = 'lokiDashboard.terminalBindings';

/** How a session terminal ended. */
export interface TerminalExit {
  projectId: string;
  code: number | undefined;
  /** True when the user (or the extension) closed the terminal rather than the process exiting. */
  closedByUser: boolean;
  at: number;
}

interface Binding {
  projectId: string;
  name: string;
  cwd: string;
  /** The session was launched with LOKI_PROMPT_INJECTION=true. */
  promptInjection: boolean;
}

/**
 * Keeps each project's session bound to its integrated terminal: launch, find again after a window reload
 * (by name + cwd, remembered in workspaceState), and notice when the terminal closes or its process ends.
 */
export class SessionTerminals implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly live = new Map<string, vscode.Terminal>();
  private readonly exits = new Map<string, TerminalExit>();
  private readonly exitEmitter = this.disposables.add(new Emitter<TerminalExit>());
  /** Fires when a session terminal closes. */
  readonly onDidExit = this.exitEmitter.event;

  constructor(private readonly state: vscode.Memento, private readonly log: Logger) {
    this.disposables.add(vscode.window.onDidCloseTerminal(t => this.onClosed(t)));
    this.disposables.add(vscode.window.onDidOpenTerminal(t => this.adopt(t)));
    for (const t of vscode.window.terminals) this.adopt(t);
  }

  /** Opens the terminal that runs `plan` for `project` and shows it. */
  async launch(project: ProjectInfo, plan: LaunchPlan, promptInjection: boolean): Promise<vscode.Terminal> {
    const terminal = vscode.window.createTerminal({
      name: plan.name,
      shellPath: plan.shellPath,
      shellArgs: plan.shellArgs,
      cwd: plan.cwd,
      env: plan.env,
      iconPath: new vscode.ThemeIcon('rocket'),
      // Keep the exit code visible instead of closing the terminal the moment Loki ends.
      isTransient: false,
    });
    this.live.set(project.id, terminal);
    this.exits.delete(project.id);
    await this.saveBinding({ projectId: project.id, name: plan.name, cwd: plan.cwd, promptInjection });
    terminal.show(false);
    this.log.info(`Launched ${plan.shellPath} ${plan.shellArgs.map(a => JSON.stringify(a)).join(' ')} in ${plan.cwd}`);
    return terminal;
  }

  /** The open terminal of a project's session, if any (also one re-found after a reload). */
  terminalFor(projectId: string): vscode.Terminal | undefined {
    const t = this.live.get(projectId);
    return t && vscode.window.terminals.includes(t) ? t : undefined;
  }

  /** True while the terminal's process has not exited. */
  isRunning(projectId: string): boolean {
    const t = this.terminalFor(projectId);
    return !!t && t.exitStatus === undefined;
  }

  /** Whether the last launch for this project asked for prompt injection (unknown: undefined). */
  promptInjection(projectId: string): boolean | undefined {
    return this.bindings().find(b => b.projectId === projectId)?.promptInjection;
  }

  lastExit(projectId: string): TerminalExit | undefined {
    return this.exits.get(projectId);
  }

  /** Shows the session terminal; false when there is none. */
  reveal(projectId: string): boolean {
    const t = this.terminalFor(projectId);
    if (!t) return false;
    t.show(false);
    return true;
  }

  /** Binds terminals restored after a reload, matching the remembered name and cwd. */
  private adopt(t: vscode.Terminal): void {
    if ([...this.live.values()].includes(t)) return;
    const opts = t.creationOptions as vscode.TerminalOptions;
    const cwd = typeof opts.cwd === 'string' ? opts.cwd : opts.cwd?.fsPath;
    const b = this.bindings().find(x => x.name === t.name && (cwd === undefined || samePath(cwd, x.cwd)));
    if (!b || this.terminalFor(b.projectId)) return;
    this.live.set(b.projectId, t);
    this.log.info(`Re-bound terminal "${t.name}" to its session`);
  }

  private onClosed(t: vscode.Terminal): void {
    for (const [projectId, bound] of this.live) {
      if (bound !== t) continue;
      this.live.delete(projectId);
      const exit: TerminalExit = {
        projectId,
        code: t.exitStatus?.code,
        closedByUser: t.exitStatus?.reason === vscode.TerminalExitReason.User,
        at: Date.now(),
      };
      this.exits.set(projectId, exit);
      this.log.info(`Session terminal "${t.name}" closed (exit code ${exit.code ?? 'unknown'})`);
      void this.dropBinding(projectId);
      this.exitEmitter.fire(exit);
    }
  }

  private bindings(): Binding[] {
    const v = this.state.get<unknown>(BINDINGS_KEY, []);
    return Array.isArray(v) ? v.filter(isBinding) : [];
  }

  private async saveBinding(b: Binding): Promise<void> {
    await this.state.update(BINDINGS_KEY, [...this.bindings().filter(x => x.projectId !== b.projectId), b]);
  }

  private async dropBinding(projectId: string): Promise<void> {
    try {
      await this.state.update(BINDINGS_KEY, this.bindings().filter(x => x.projectId !== projectId));
    } catch (err) {
      this.log.warn(`Could not forget the terminal binding: ${String(err)}`);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function isBinding(x: unknown): x is Binding {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as Record<string, unknown>;
  return typeof b.projectId === 'string' && typeof b.name === 'string' && typeof b.cwd === 'string' && typeof b.promptInjection === 'boolean';
}
