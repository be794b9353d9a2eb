// A fake LokiCore read side for server unit tests: snapshots held in memory, changes fired by hand.
import { Emitter } from '../../../../src/core/disposable';
import type { Disposable } from '../../../../src/core/disposable';
import type { ChangeEnvelope, Learning, LogEntry, ProjectChange, ProjectInfo, ProjectSnapshot, SessionSummary, Task } from '../../../../src/core/domain';
import { emptyColumns } from '../../../../src/core/domain';
import type { LogQuery } from '../../../../src/core/store/store';
import type { DataSource } from '../../../../src/server/types';
import { makeSession } from '../../../fakes/domain';

/** A snapshot with neutral defaults. */
export function makeSnapshot(id: string, tasks: Task[] = []): ProjectSnapshot {
  const columns = emptyColumns();
  for (const t of tasks) columns[t.status].push(t);
  return {
    project: { id, name: `project-${id}`, path: `/work/${id}` }, version: 0, hasLoki: true, session: makeSession(id),
    columns, agents: [], learnings: [], quality: { gates: [], council: null, checklist: null, notifications: [] }, iterations: [], problems: [],
  };
}

/** The fake source. `emit` applies simple changes to the held snapshot (so compat status follows) and fires them. */
export class FakeSource implements DataSource {
  readonly snaps = new Map<string, ProjectSnapshot>();
  readonly logEntries: LogEntry[] = [];
  sessions: SessionSummary[] = [];
  learningList: Learning[] = [];
  private readonly changes = new Emitter<ChangeEnvelope>();
  private readonly projectsEmitter = new Emitter<ProjectInfo[]>();

  constructor(...snaps: ProjectSnapshot[]) {
    for (const s of snaps) this.snaps.set(s.project.id, s);
  }

  projects(): ProjectInfo[] {
    return [...this.snaps.values()].map(s => s.project);
  }
  snapshot(id: string): ProjectSnapshot | undefined {
    return this.snaps.get(id);
  }
  onChange(l: (e: ChangeEnvelope) => void): Disposable {
    return this.changes.event(l);
  }
  onProjectsChanged(l: (p: ProjectInfo[]) => void): Disposable {
    return this.projectsEmitter.event(l);
  }
  logs(projectId: string, q: LogQuery = {}): LogEntry[] {
    let list = this.logEntries.filter(e => e.projectId === projectId && (q.beforeSeq == null || e.seq < q.beforeSeq) && (!q.level || e.level === q.level));
    if (q.limit !== undefined) list = list.slice(-q.limit);
    return list;
  }
  history(projectId?: string): SessionSummary[] {
    return this.sessions.filter(s => !projectId || s.projectId === projectId);
  }
  learnings(projectId?: string | null, text?: string): Learning[] {
    return this.learningList.filter(l => (projectId == null || l.projectId === projectId || l.projectId === null) && (!text || l.text.includes(text)));
  }

  /** Adds a project and fires onProjectsChanged. */
  addProject(s: ProjectSnapshot): void {
    this.snaps.set(s.project.id, s);
    this.projectsEmitter.fire(this.projects());
  }

  /** Applies a change to the held snapshot where it is simple to, then fires it with the next version. */
  emit(projectId: string, change: ProjectChange): void {
    const snap = this.snaps.get(projectId)!;
    switch (change.kind) {
      case 'session/changed':
        snap.session = change.session;
        break;
      case 'task/created':
        snap.columns[change.task.status].push(change.task);
        break;
      case 'task/moved':
        snap.columns[change.from] = snap.columns[change.from].filter(t => t.id !== change.task.id);
        snap.columns[change.task.status].push(change.task);
        break;
      case 'log/entries':
        this.logEntries.push(...change.entries);
        break;
      default:
        break;
    }
    snap.version++;
    this.changes.fire({ projectId, version: snap.version, at: Date.parse('2026-08-20T15:00:00Z'), change });
  }
}
