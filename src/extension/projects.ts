import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import type { ProjectInfo } from '../core/domain';
import type { Registrations } from './registrations';
import { errorMessage } from '../core/errors';

const DISMISSED_KEY = 'lokiDashboard.dismissedProjects';

/**
 * Decides which folders are projects: every workspace folder with `.loki/` (multi-root too), folders that gain
 * `.loki/` later, and folders the user registered by hand (machine-wide `Registrations`, so they show in every window).
 */
export class ProjectRegistry implements Disposable {
  private readonly disposables = new DisposableStore();
  /** Cheap watchers on workspace folders that have no `.loki/` yet, keyed by folder path. */
  private readonly pending = new Map<string, vscode.Disposable>();
  private readyPromise: Promise<void> | undefined;

  constructor(
    private readonly core: LokiCore,
    private readonly registrations: Registrations,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.disposables.add(vscode.workspace.onDidChangeWorkspaceFolders(e => {
      for (const f of e.removed) this.onFolderRemoved(f);
      void Promise.all(e.added.map(f => this.considerFolder(f)));
    }));
    this.disposables.add({ dispose: () => { for (const w of this.pending.values()) w.dispose(); this.pending.clear(); } });
  }

  /** Adds every project found now; resolves after each one's first full read. */
  start(): Promise<void> {
    this.readyPromise ??= this.initialScan();
    return this.readyPromise;
  }

  private async initialScan(): Promise<void> {
    const jobs: Array<Promise<unknown>> = [];
    for (const f of vscode.workspace.workspaceFolders ?? []) jobs.push(this.considerFolder(f));
    for (const p of this.registrations.list()) jobs.push(this.add(p.path, { registered: true, name: p.name }));
    await Promise.all(jobs);
  }

  /** Workspace folders whose path equals `folder`. */
  isWorkspaceFolder(folder: string): boolean {
    return (vscode.workspace.workspaceFolders ?? []).some(f => samePath(f.uri.fsPath, folder));
  }

  /** User action: keep `folder` as a project in every window. */
  async addByUser(folder: string): Promise<ProjectInfo> {
    const dismissed = this.dismissed().filter(p => !samePath(p, folder));
    await this.state.update(DISMISSED_KEY, dismissed);
    const info = await this.core.addProject(folder, { registered: true });
    await this.registrations.add(info.path, info.name);
    return info;
  }

  /** The demo's folder becomes a project: a workspace folder as such, any other folder registered. */
  async addDemo(folder: string): Promise<ProjectInfo> {
    if (!this.isWorkspaceFolder(folder)) return this.addByUser(folder);
    await this.state.update(DISMISSED_KEY, this.dismissed().filter(p => !samePath(p, folder)));
    const ws = (vscode.workspace.workspaceFolders ?? []).find(f => samePath(f.uri.fsPath, folder));
    return this.core.addProject(folder, { name: ws?.name });
  }

  /** User action: forget a project (never deletes files); a workspace folder stays dismissed in this workspace. */
  async removeByUser(projectId: string): Promise<void> {
    const p = this.core.projects().find(x => x.id === projectId);
    if (!p) return;
    this.core.removeProject(projectId);
    await this.registrations.remove(p.path);
    if (this.isWorkspaceFolder(p.path)) {
      await this.state.update(DISMISSED_KEY, [...this.dismissed(), p.path]);
    }
  }

  /** Re-checks folders without `.loki/` (the Refresh command), in case a watcher missed its creation. */
  async rescan(): Promise<void> {
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map(f => this.considerFolder(f)));
  }

  private dismissed(): string[] {
    const v = this.state.get<unknown>(DISMISSED_KEY, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  private async considerFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    if (folder.uri.scheme !== 'file') return;
    const dir = folder.uri.fsPath;
    if (this.dismissed().some(p => samePath(p, dir))) return;
    if (this.core.projects().some(p => samePath(p.path, dir))) return;
    if (await hasLokiDir(dir)) {
      this.pending.get(dir)?.dispose();
      this.pending.delete(dir);
      await this.add(dir, { name: folder.name });
      return;
    }
    if (this.pending.has(dir)) return;
    // A folder without `.loki` costs one VS Code file watcher on a single name, not a recursive core watcher.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{.loki,.loki/*}'), false, true, true);
    watcher.onDidCreate(() => void this.considerFolder(folder));
    this.pending.set(dir, watcher);
  }

  private onFolderRemoved(folder: vscode.WorkspaceFolder): void {
    const dir = folder.uri.fsPath;
    this.pending.get(dir)?.dispose();
    this.pending.delete(dir);
    const project = this.core.projects().find(p => samePath(p.path, dir));
    if (!project) return;
    if (!this.registrations.has(project.path)) this.core.removeProject(project.id);
  }

  private async add(folder: string, opts: { registered?: boolean; name?: string }): Promise<void> {
    try {
      await this.core.addProject(folder, opts);
    } catch (err) {
      this.log.error(`Could not add project ${folder}: ${errorMessage(err)}`);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

/** Node's stat, not `workspace.fs`: only `file:` folders get here, and in a remote or web window `workspace.fs` is a round trip through the workbench (100 to 600 ms at startup). */
async function hasLokiDir(folder: string): Promise<boolean> {
  try {
    return (await fs.stat(path.join(folder, '.loki'))).isDirectory();
  } catch {
    return false;
  }
}

/** Path equality that ignores trailing separators (and case on Windows/macOS-insensitive file systems is left alone on purpose). */
export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/** The project whose folder contains `file` (the deepest one wins for nested projects). */
export function projectForFile(projects: readonly ProjectInfo[], file: string): ProjectInfo | undefined {
  let best: ProjectInfo | undefined;
  for (const p of projects) {
    const rel = path.relative(p.path, file);
    if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
      if (!best || p.path.length > best.path.length) best = p;
    }
  }
  return best;
}
