// What every export format is rendered from: one session (live or past) with its tasks, iterations, KPIs and events.
import type { Agent, EfficiencyRow, KpiSnapshot, Learning, LokiEvent, ProjectInfo, ProjectSnapshot, QualityInfo, Session, SessionSummary, Task, TaskStatus } from '../domain';
import { emptyColumns } from '../domain';
import { efficiencyRows, recordsFromRows, rowsFromCards } from './efficiency';
import { computeKpis } from './kpis';

/** One session, ready to render in any export format. */
export interface ExportSource {
  project: ProjectInfo;
  /** The live session, or the stored summary of a past one. */
  session: Session | SessionSummary;
  /** True for the live session (read from `.loki` now), false for a past one (from the store). */
  live: boolean;
  columns: Record<TaskStatus, Task[]>;
  rows: EfficiencyRow[];
  kpis: KpiSnapshot;
  quality: QualityInfo | null;
  agents: Agent[];
  learnings: Learning[];
  events: LokiEvent[];
  /** Version of the dashboard that wrote the export. */
  version: string;
  exportedAt: number;
}

/** The live session of a project. `kpis` come from the `.loki` files (readKpiInputs + computeKpis). */
export function liveExportSource(snap: Omit<ProjectSnapshot, 'version'>, kpis: KpiSnapshot, events: LokiEvent[], version: string, now: number): ExportSource {
  return {
    project: snap.project, session: snap.session, live: true, columns: snap.columns,
    rows: efficiencyRows(snap.iterations, snap.columns), kpis, quality: snap.quality, agents: snap.agents,
    learnings: snap.learnings.filter(l => l.projectId === snap.project.id), events, version, exportedAt: now,
  };
}

/**
 * A past session from the store. Its metrics files are gone (the runner deletes them at the next start), so
 * iterations and efficiency KPIs come from its stored iteration cards; accuracy KPIs are not available.
 */
export function pastExportSource(project: ProjectInfo, summary: SessionSummary, tasks: readonly Task[], events: LokiEvent[], version: string, now: number): ExportSource {
  const columns = emptyColumns();
  for (const t of tasks) columns[t.status].push(t);
  const rows = rowsFromCards(tasks);
  const kpis = computeKpis({ lokiDir: `${project.path}/.loki`, efficiencyDir: true, records: recordsFromRows(rows), councilDir: true, rounds: [], skipped: [] }, now);
  kpis.notes = kpis.notes.filter(n => !n.startsWith('.loki/council/'));
  kpis.notes.push('past session: efficiency KPIs derived from its stored iteration cards; council rounds are not kept, accuracy KPIs other than the success rate are unavailable');
  return { project, session: summary, live: false, columns, rows, kpis, quality: null, agents: [], learnings: [], events: eventsWithin(events, summary), version, exportedAt: now };
}

/** Events whose timestamp falls inside the session (start inclusive, end inclusive; an open end runs to now). */
function eventsWithin(events: readonly LokiEvent[], s: SessionSummary): LokiEvent[] {
  const start = s.startedAt ? Date.parse(s.startedAt) : NaN;
  const end = s.endedAt ? Date.parse(s.endedAt) : Infinity;
  if (Number.isNaN(start)) return [];
  return events.filter(e => {
    const t = e.timestamp ? Date.parse(e.timestamp) : NaN;
    return !Number.isNaN(t) && t >= start && t <= end;
  });
}

/** Loki's queue file name for a column (`loki export csv` writes these in its status column). */
export const QUEUE_NAME: Record<TaskStatus, string> = {
  pending: 'pending', in_progress: 'in-progress', review: 'review', completed: 'completed', failed: 'failed',
};

/** Columns in the order Loki's exports walk the queue files. */
export const EXPORT_COLUMN_ORDER: readonly TaskStatus[] = ['pending', 'in_progress', 'review', 'completed', 'failed'];
