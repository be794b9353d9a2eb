// The latest checkpoint list per project, kept for synchronous readers (tree items, the dashboard) and refreshed
// when the project's files change. A refresh first compares a cheap stamp (index.jsonl size/mtime and the folder's
// mtime), so a busy run does not re-read fifty metadata files on every state write.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DisposableStore, Emitter } from '../disposable';
import type { Disposable } from '../disposable';
import type { ChangeEnvelope, CheckpointInfo, ProjectInfo } from '../domain';
import type { Logger } from '../logger';
import { CHECKPOINTS_DIR, readCheckpoints } from './checkpointList';

/** What the cache watches (LokiCore satisfies it). */
export interface CheckpointSource {
  projects(): ProjectInfo[];
  onChange(listener: (e: ChangeEnvelope) => void): Disposable;
  onProjectsChanged(listener: (projects: ProjectInfo[]) => void): Disposable;
}

async function stampOf(lokiDir: string): Promise<string> {
  const root = path.join(lokiDir, CHECKPOINTS_DIR);
  const [dir, index] = await Promise.all([fs.stat(root).catch(() => null), fs.stat(path.join(root, 'index.jsonl')).catch(() => null)]);
  return `${dir?.mtimeMs ?? 0}:${index?.mtimeMs ?? 0}:${index?.size ?? 0}`;
}

/** Checkpoints per project, newest first; `onDidChange` fires with the project id when its list changed. */
export class CheckpointCache implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly lists = new Map<string, { stamp: string; list: CheckpointInfo[] }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly emitter = this.disposables.add(new Emitter<string>());
  readonly onDidChange = this.emitter.event;

  constructor(private readonly source: CheckpointSource, private readonly log: Logger, private readonly delayMs = 500) {
    this.disposables.add(source.onChange(e => this.schedule(e.projectId)));
    this.disposables.add(source.onProjectsChanged(projects => {
      for (const id of [...this.lists.keys()]) if (!projects.some(p => p.id === id)) this.lists.delete(id);
      for (const p of projects) this.schedule(p.id);
    }));
    for (const p of source.projects()) this.schedule(p.id);
  }

  /** The last list read for the project (empty until the first read). */
  get(projectId: string): CheckpointInfo[] {
    return this.lists.get(projectId)?.list ?? [];
  }

  /** Re-reads the project's checkpoints now if anything changed; resolves to the current list. */
  async refresh(projectId: string): Promise<CheckpointInfo[]> {
    const project = this.source.projects().find(p => p.id === projectId);
    if (!project) return [];
    const lokiDir = path.join(project.path, '.loki');
    const stamp = await stampOf(lokiDir);
    const known = this.lists.get(projectId);
    if (known?.stamp === stamp) return known.list;
    const list = await readCheckpoints(lokiDir);
    this.lists.set(projectId, { stamp, list });
    if (!known || JSON.stringify(known.list) !== JSON.stringify(list)) this.emitter.fire(projectId);
    return list;
  }

  private schedule(projectId: string): void {
    if (this.pending.has(projectId)) return;
    this.pending.set(projectId, setTimeout(() => {
      this.pending.delete(projectId);
      this.refresh(projectId).catch(err => this.log.warn(`Reading the checkpoints of ${projectId} failed: ${err instanceof Error ? err.message : String(err)}`));
    }, this.delayMs));
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.disposables.dispose();
  }
}
