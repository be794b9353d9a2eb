// One place that turns a project or session id into KPIs, Insights data or an export, for every surface (CLI, REST,
// VS Code). It reads through the narrow source it is given (LokiCore satisfies it) and the file accessor.
import type { ExportFormat, InsightsData, KpiSnapshot, LokiEvent, ProjectInfo, ProjectSnapshot, SessionSummary, Task } from '../domain';
import type { FileAccessor } from '../fileAccess';
import { efficiencyRows } from './efficiency';
import { renderExport } from './exportFormats';
import type { RenderedExport } from './exportFormats';
import { liveExportSource, pastExportSource } from './exportSource';
import { readKpiInputs } from './kpiInputs';
import { computeKpis } from './kpis';

/** What the insights need to read. `sessionTasks` and `events` are optional: without them past sessions and events are not exported. */
export interface InsightsSource {
  projects(): ProjectInfo[];
  snapshot(projectId: string): Omit<ProjectSnapshot, 'version'> | undefined;
  history(projectId?: string): SessionSummary[];
  sessionTasks?(projectId: string, sessionId: string): Task[];
  events?(projectId: string, limit?: number): LokiEvent[];
}

/** Why an insights request failed: `not-found` for an unknown project or session. */
export class InsightsError extends Error {
  constructor(readonly reason: 'not-found', message: string) {
    super(message);
  }
  static is(x: unknown): x is InsightsError {
    return x instanceof InsightsError;
  }
}

/** Events exported with a session at most (the store keeps a rolling window). */
const MAX_EVENTS = 5000;

/** KPIs, Insights data and exports over an {@link InsightsSource}. */
export class InsightsService {
  constructor(private readonly deps: { source: InsightsSource; files: FileAccessor; version: string; now?: () => number }) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private requireSnapshot(projectId: string): Omit<ProjectSnapshot, 'version'> {
    const snap = this.deps.source.snapshot(projectId);
    if (!snap) throw new InsightsError('not-found', `Unknown project: ${projectId}`);
    return snap;
  }

  /** KPIs of a project's current `.loki` (Loki's `loki report kpis --json` shape). */
  async kpis(projectId: string): Promise<KpiSnapshot> {
    const snap = this.requireSnapshot(projectId);
    return computeKpis(await readKpiInputs(this.deps.files, `${snap.project.path}/.loki`), this.now());
  }

  /** What the Insights tab shows for a project. */
  async insights(projectId: string): Promise<InsightsData> {
    const snap = this.requireSnapshot(projectId);
    return { projectId, kpis: await this.kpis(projectId), rows: efficiencyRows(snap.iterations, snap.columns), budget: snap.session.budget };
  }

  /**
   * Exports a session: `id` is a project id (its current session), the current session's id, or the id of a past
   * session kept in the store.
   */
  async export(id: string, format: ExportFormat): Promise<RenderedExport> {
    const { source } = this.deps;
    const live = source.projects().find(p => p.id === id || source.snapshot(p.id)?.session.id === id);
    if (live) {
      const snap = this.requireSnapshot(live.id);
      return renderExport(liveExportSource(snap, await this.kpis(live.id), source.events?.(live.id, MAX_EVENTS) ?? [], this.deps.version, this.now()), format);
    }
    const past = source.history().find(s => s.id === id);
    const project = past ? source.projects().find(p => p.id === past.projectId) : undefined;
    if (!past || !project) throw new InsightsError('not-found', `Unknown session: ${id}`);
    const tasks = source.sessionTasks?.(project.id, past.id) ?? [];
    return renderExport(pastExportSource(project, past, tasks, source.events?.(project.id, MAX_EVENTS) ?? [], this.deps.version, this.now()), format);
  }
}
