// Keeps the attention items of every project current: re-derives a project's items when it changes, every project
// on a slow tick (staleness needs no file event) and when the thresholds change; fires only when the list differs.
import { DisposableStore, Emitter, toDisposable } from '../disposable';
import type { Disposable } from '../disposable';
import type { AttentionItem, ChangeEnvelope, ProjectInfo, ProjectSnapshot } from '../domain';
import type { AttentionConfig } from './attentionConfig';
import { deriveAttention, sortAttention } from './deriveAttention';

/** The read side of LokiCore the monitor needs (the API server's DataSource satisfies it too). */
export interface AttentionSource {
  projects(): ProjectInfo[];
  snapshot(projectId: string): ProjectSnapshot | undefined;
  onChange(listener: (e: ChangeEnvelope) => void): Disposable;
  onProjectsChanged(listener: (projects: ProjectInfo[]) => void): Disposable;
}

/** What a change event carries: every item now, and the ones that were not there before. */
export interface AttentionChange {
  items: AttentionItem[];
  added: AttentionItem[];
}

/** Default period of the re-derivation that catches time-only conditions (stale runner). */
export const ATTENTION_TICK_MS = 10_000;

/** Every project's attention items, kept current. */
export class AttentionMonitor implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new Emitter<AttentionChange>());
  private readonly byProject = new Map<string, AttentionItem[]>();
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private all: AttentionItem[] = [];

  constructor(private readonly deps: { source: AttentionSource; config: AttentionConfig; now?: () => number; tickMs?: number; debounceMs?: number }) {
    this.disposables.add(deps.source.onChange(e => {
      if (e.change.kind === 'log/entries' || e.change.kind === 'event/appended') return;
      this.markDirty(e.projectId);
    }));
    this.disposables.add(deps.source.onProjectsChanged(() => this.recomputeAll()));
    const tick = deps.tickMs ?? ATTENTION_TICK_MS;
    if (tick > 0) {
      const t = setInterval(() => this.recomputeAll(), tick);
      t.unref?.();
      this.disposables.add(toDisposable(() => clearInterval(t)));
    }
    this.disposables.add(toDisposable(() => clearTimeout(this.timer)));
    this.recomputeAll();
  }

  /** Fired when the set of items (or any item's text, severity or actions) changed. */
  readonly onDidChange = this.emitter.event;

  /** Every item of every project, most urgent first. */
  items(): AttentionItem[] {
    return this.all;
  }

  /** The items of one project. */
  itemsFor(projectId: string): AttentionItem[] {
    return this.byProject.get(projectId) ?? [];
  }

  /** One item by id, if it is still there. */
  find(id: string): AttentionItem | undefined {
    return this.all.find(i => i.id === id);
  }

  /** New thresholds: everything is re-derived now. */
  setConfig(config: AttentionConfig): void {
    this.deps.config = config;
    this.recomputeAll();
  }

  /** Re-derives every project now (tests, after an action). */
  recomputeAll(): void {
    this.byProject.clear();
    for (const p of this.deps.source.projects()) this.derive(p.id);
    this.publish();
  }

  private markDirty(projectId: string): void {
    this.dirty.add(projectId);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const id of this.dirty) this.derive(id);
      this.dirty.clear();
      this.publish();
    }, this.deps.debounceMs ?? 50);
  }

  private derive(projectId: string): void {
    const snap = this.deps.source.snapshot(projectId);
    if (!snap) this.byProject.delete(projectId);
    else this.byProject.set(projectId, deriveAttention(snap, this.deps.config, (this.deps.now ?? Date.now)()));
  }

  private publish(): void {
    const known = new Set(this.deps.source.projects().map(p => p.id));
    for (const id of [...this.byProject.keys()]) if (!known.has(id)) this.byProject.delete(id);
    const next = sortAttention([...this.byProject.values()].flat());
    if (sameItems(this.all, next)) return;
    const before = new Set(this.all.map(i => i.id));
    this.all = next;
    this.emitter.fire({ items: next, added: next.filter(i => !before.has(i.id)) });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

/** Items compare by what a person sees; `since` of a stale item moves with the clock only through its reason. */
function sameItems(a: AttentionItem[], b: AttentionItem[]): boolean {
  return a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
}
