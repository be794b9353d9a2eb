// Keeps the app graph of every watched project current and groups projects by app id.
import { DisposableStore, Emitter } from '../disposable';
import type { Disposable } from '../disposable';
import type { AppGroup, ProjectInfo } from '../domain';
import type { Logger } from '../logger';
import { discoverAppGraph } from './appGraph';
import type { AppGraph, AppGraphFs } from './appGraph';

/** The projects to index (LokiCore satisfies it). */
export interface AppIndexSource {
  projects(): ProjectInfo[];
  onProjectsChanged(listener: (projects: ProjectInfo[]) => void): Disposable;
}

/** Collaborators of the AppIndex. */
export interface AppIndexDeps {
  fs: AppGraphFs;
  log: Logger;
  /**
   * Period of re-discovery, default 10 s (0 = only when projects change or `refresh()` is called). Manifests live in
   * sibling folders nobody watches, and they change rarely: a slow sweep is cheaper than a watcher per sibling.
   */
  sweepMs?: number;
}

const sameGraph = (a: AppGraph | null | undefined, b: AppGraph | null): boolean =>
  (a ?? null) === null ? b === null : b !== null && a!.appId === b.appId && a!.root === b.root && a!.members.join('\0') === b.members.join('\0');

/** Project id -> app graph, re-discovered when the project list changes, on `refresh()` and on a slow sweep. */
export class AppIndex implements Disposable {
  private readonly graphs = new Map<string, AppGraph | null>();
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new Emitter<AppGroup[]>());
  private running: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly source: AppIndexSource, private readonly deps: AppIndexDeps) {
    this.disposables.add(source.onProjectsChanged(() => void this.refresh()));
    const sweep = deps.sweepMs ?? 10_000;
    if (sweep > 0) {
      const timer = setInterval(() => void this.refresh(), sweep);
      timer.unref();
      this.disposables.add({ dispose: () => clearInterval(timer) });
    }
  }

  /** Fired with the new groups whenever a project's app changes. */
  readonly onDidChange: (listener: (apps: AppGroup[]) => void) => Disposable = this.emitter.event;

  /** Re-discovers every project's graph (runs are serialized); resolves when done. */
  refresh(): Promise<void> {
    this.running = this.running.then(() => this.discoverAll()).catch(err => this.deps.log.warn(`Loki: app graph discovery failed: ${(err as Error).message}`));
    return this.running;
  }

  /** The app id of a project, or null. */
  appOf(projectId: string): string | null {
    return this.graphs.get(projectId)?.appId ?? null;
  }

  /** Apps with at least one watched project, by app id. */
  apps(): AppGroup[] {
    const byId = new Map<string, AppGroup>();
    for (const p of this.source.projects()) {
      const g = this.graphs.get(p.id);
      if (!g) continue;
      let group = byId.get(g.appId);
      if (!group) byId.set(g.appId, (group = { appId: g.appId, roots: [], members: [], projectIds: [] }));
      if (!group.roots.includes(g.root)) group.roots.push(g.root);
      for (const m of g.members) if (!group.members.includes(m)) group.members.push(m);
      group.projectIds.push(p.id);
    }
    for (const g of byId.values()) { g.roots.sort(); g.members.sort(); }
    return [...byId.values()].sort((a, b) => a.appId.localeCompare(b.appId));
  }

  private async discoverAll(): Promise<void> {
    if (this.disposed) return;
    const projects = this.source.projects();
    let changed = false;
    const live = new Set(projects.map(p => p.id));
    for (const id of [...this.graphs.keys()]) if (!live.has(id)) { this.graphs.delete(id); changed = true; }
    for (const p of projects) {
      const g = await discoverAppGraph(p.path, this.deps.fs);
      if (this.disposed) return;
      if (!sameGraph(this.graphs.get(p.id), g)) changed = true;
      this.graphs.set(p.id, g);
    }
    if (changed) this.emitter.fire(this.apps());
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.dispose();
  }
}
