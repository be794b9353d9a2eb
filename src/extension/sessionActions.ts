import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as control from '../core/write/control';
import type { InputOutcome } from '../core/write/control';
import { DisposableStore, toDisposable } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import type { ProjectInfo, Provider, Session, TaskPriority, TaskStatus } from '../core/domain';
import * as queue from '../core/write/queueWriter';
import type { CliResolution } from './cliResolver';
import { resolveCli } from './cliResolver';
import type { Config } from './config';
import { askForInput, askForTask } from './inputFlow';
import type { InputDrafts } from './inputFlow';
import type { StartInput } from './launchPlan';
import { buildLaunchPlan } from './launchPlan';
import type { Notifier } from './notifier';
import type { SessionActions } from './sessionApi';
import { isPerpetual, isSessionActive, runState } from './sessionRules';
import { resolveProject } from './projectPick';
import { pickInput, pickProvider } from './startFlow';
import type { SessionTerminals } from './terminals';
import { RefusedError, requireTrust } from './trust';
import { errorMessage } from '../core/errors';

/** How long to watch for the runner's verdict on a human input; it is read only at iteration boundaries. */
const INPUT_OUTCOME_TIMEOUT_MS = 30 * 60_000;

/** Optional start arguments (tests, the webview and the palette with arguments skip the pickers). */
export interface StartOptions {
  input?: StartInput;
  provider?: Provider;
}

/** SessionActions for VS Code: trust checks, pickers, terminals, control files and messages. */
export class HostSessionActions implements SessionActions, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly deps: {
      core: LokiCore;
      config: Config;
      terminals: SessionTerminals;
      notifier: Notifier;
      drafts: InputDrafts;
      log: Logger;
      active: () => string | null;
    },
  ) {
    this.disposables.add(toDisposable(() => { for (const a of this.aborts) a.abort(); }));
  }

  private project(projectId: string): ProjectInfo {
    const p = this.deps.core.projects().find(x => x.id === projectId);
    if (!p) throw new Error(`Unknown Loki project: ${projectId}`);
    return p;
  }

  private lokiDir(p: ProjectInfo): string {
    return path.join(p.path, '.loki');
  }

  /** Resolves the CLI or explains what to do, with "Open settings" and "Start demo session" actions. */
  async cli(): Promise<CliResolution> {
    return resolveCli({ setting: this.deps.config.cliPath, envPath: process.env.PATH, pathExt: process.env.PATHEXT });
  }

  private async requireCli(): Promise<string> {
    const r = await this.cli();
    if (r.ok) return r.path;
    this.deps.log.warn(r.message);
    void vscode.window.showErrorMessage(r.message, 'Open Settings', 'Start Demo Session').then(choice => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'lokiDashboard.cliPath');
      if (choice === 'Start Demo Session') void vscode.commands.executeCommand('lokiDashboard.startDemo');
    });
    throw new RefusedError('no-cli', r.message);
  }

  async start(projectId?: string, opts: StartOptions = {}): Promise<void> {
    requireTrust('Starting a Loki session');
    const project = projectId ? this.project(projectId) : await this.pickProject('Start a Loki session in…');
    const snap = this.deps.core.snapshot(project.id);
    if (this.deps.terminals.isRunning(project.id) || isSessionActive(snap?.session)) {
      const message = `A Loki session is already running in ${project.name}.`;
      void vscode.window.showWarningMessage(message, 'Reveal Terminal').then(c => {
        if (c) void vscode.commands.executeCommand('lokiDashboard.revealTerminal', project.id);
      });
      throw new RefusedError('busy', message);
    }
    const cliPath = await this.requireCli();
    const input = opts.input ?? (await pickInput(project));
    const provider = opts.provider ?? (await pickProvider(this.deps.config.defaultProvider));
    const promptInjection = this.deps.config.promptInjection;
    const plan = buildLaunchPlan({
      cliPath,
      projectName: project.name,
      projectPath: project.path,
      input,
      provider,
      noDashboard: this.deps.config.disableLokiWebDashboard,
      promptInjection,
      extraArgs: this.deps.config.extraArgs,
    });
    await this.deps.terminals.launch(project, plan, promptInjection);
  }

  async pause(projectId: string): Promise<void> {
    requireTrust('Pausing a Loki session');
    const p = this.project(projectId);
    const session = this.requireActive(p, 'pause');
    await control.pauseSession(this.lokiDir(p));
    if (session && isPerpetual(session)) {
      void vscode.window.showWarningMessage(
        `The session in ${p.name} runs in perpetual mode, where Loki deletes PAUSE and keeps going. Start it from a PRD (or with LOKI_AUTONOMY_MODE=checkpoint) to make pause effective.`,
      );
    }
    this.deps.log.info(`Pause requested in ${p.name}`);
  }

  async resume(projectId: string): Promise<void> {
    requireTrust('Resuming a Loki session');
    const p = this.project(projectId);
    await control.resumeSession(this.lokiDir(p));
    this.deps.log.info(`Resume requested in ${p.name}`);
  }

  async stop(projectId: string): Promise<void> {
    requireTrust('Stopping a Loki session');
    const p = this.project(projectId);
    const terminalRunning = this.deps.terminals.isRunning(p.id);
    const snap = this.deps.core.snapshot(p.id);
    if (!terminalRunning && !isSessionActive(snap?.session)) {
      // A STOP left behind would end the next session at its first boundary.
      void vscode.window.showInformationMessage(`No Loki session is running in ${p.name}.`);
      throw new RefusedError('no-project', `No session running in ${p.name}`);
    }
    try {
      await control.stopSession(this.lokiDir(p));
    } catch (err) {
      // Nothing written yet (the runner has not created .loki): ending the process is the only stop there is.
      if (control.ControlError.is(err) && err.reason === 'no-loki' && terminalRunning) {
        this.deps.terminals.terminalFor(p.id)?.dispose();
        return;
      }
      throw err;
    }
    this.deps.log.info(`Stop requested in ${p.name}`);
    const cli = await this.cli();
    if (cli.ok) {
      execFile(cli.path, ['stop'], { cwd: p.path, timeout: 30_000, windowsHide: true }, (err, stdout, stderr) => {
        if (err) this.deps.log.warn(`loki stop in ${p.name} failed: ${err.message}${stderr ? `\n${stderr}` : ''}`);
        else this.deps.log.info(`loki stop in ${p.name}: ${stdout.trim()}`);
      });
    }
  }

  async sendInput(projectId: string, text?: string): Promise<void> {
    requireTrust('Sending input to a Loki session');
    const p = this.project(projectId);
    const body = text ?? (this.deps.drafts.has(p.id) ? await this.deps.drafts.take(p.id) : await askForInput(p, this.deps.drafts));
    // undefined: the draft editor was opened; its Send comes back here with the text.
    if (body === undefined) return;
    if (!body.trim()) throw new Error('The input is empty.');
    if (!isSessionActive(this.deps.core.snapshot(p.id)?.session) && !this.deps.terminals.isRunning(p.id)) {
      void vscode.window.showInformationMessage(`No Loki session is running in ${p.name}; the input will be read when the next session starts.`);
    }
    const since = new Date();
    await control.sendHumanInput(this.lokiDir(p), body, since);
    const injected = this.deps.terminals.promptInjection(p.id);
    if (injected === false) {
      void vscode.window.showWarningMessage(`The session in ${p.name} was started without LOKI_PROMPT_INJECTION=true, so Loki will set this input aside as rejected. Enable lokiDashboard.promptInjection and restart the session.`);
    } else {
      vscode.window.setStatusBarMessage(`$(comment) Input sent to Loki in ${p.name}; it is read at the next iteration`, 5000);
    }
    this.deps.log.info(`Human input (${Buffer.byteLength(body)} bytes) written in ${p.name}`);
    void this.watchOutcome(p, since);
  }

  private async watchOutcome(p: ProjectInfo, since: Date): Promise<InputOutcome | undefined> {
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const outcome = await control.waitForInputOutcome(this.lokiDir(p), since, INPUT_OUTCOME_TIMEOUT_MS, abort.signal);
      this.lastOutcome.set(p.id, outcome);
      this.deps.log.info(`Runner verdict on the input in ${p.name}: ${outcome}`);
      if (outcome === 'rejected' || outcome === 'too-large') {
        this.deps.notifier.push({
          projectId: p.id, severity: 'error', kind: 'input-rejected', key: `input:${p.id}:${since.toISOString()}`,
          message: outcome === 'too-large'
            ? `Loki in ${p.name} rejected your input: it is larger than 1 MiB.`
            : `Loki in ${p.name} rejected your input (prompt injection is disabled for that run; it was moved to .loki/logs/).`,
        });
      } else if (outcome === 'accepted') {
        this.deps.notifier.push({ projectId: p.id, severity: 'info', kind: 'session-ended', key: `input-ok:${p.id}:${since.toISOString()}`, message: `Loki in ${p.name} accepted your input.` });
      }
      return outcome;
    } catch (err) {
      if (!abort.signal.aborted) this.deps.log.warn(`Could not follow the input outcome in ${p.name}: ${errorMessage(err)}`);
      return undefined;
    } finally {
      this.aborts.delete(abort);
    }
  }

  /** Last runner verdict per project (tests read it). */
  readonly lastOutcome = new Map<string, InputOutcome>();

  async addTask(projectId: string, task?: { title: string; description: string; priority: TaskPriority }): Promise<string | undefined> {
    requireTrust('Adding a task');
    const p = this.project(projectId);
    let fields = task;
    if (!fields) {
      try {
        fields = await askForTask(p);
      } catch (err) {
        if (RefusedError.is(err) && err.reason === 'cancelled') return undefined;
        throw err;
      }
    }
    const id = await queue.addTask(this.lokiDir(p), { ...fields, source: 'vscode' });
    this.deps.log.info(`Task ${id} added to ${p.name}`);
    vscode.window.setStatusBarMessage(`$(add) Task ${id} added to ${p.name}`, 4000);
    return id;
  }

  async moveTask(projectId: string, taskId: string, to: TaskStatus): Promise<void> {
    requireTrust('Moving a task');
    const p = this.project(projectId);
    try {
      await queue.moveTask(this.lokiDir(p), taskId, to);
    } catch (err) {
      throw new Error(`Could not move task ${taskId} in ${p.name}: ${errorMessage(err)}`);
    }
  }

  private requireActive(p: ProjectInfo, what: string): Session | undefined {
    const snap = this.deps.core.snapshot(p.id);
    if (!this.deps.terminals.isRunning(p.id) && runState(snap?.session) === 'idle') {
      const message = `No Loki session is running in ${p.name}, nothing to ${what}.`;
      void vscode.window.showInformationMessage(message);
      throw new RefusedError('no-project', message);
    }
    return snap?.session;
  }

  private async pickProject(placeHolder: string): Promise<ProjectInfo> {
    return resolveProject(this.deps.core, undefined, this.deps.active, placeHolder);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
