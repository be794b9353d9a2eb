// `json` export: Loki's `loki export json` top-level keys (exported_at, version, session, queue, quality, config),
// plus the KPIs, iterations, agents, learnings and project this dashboard knows.
import type { Task } from '../domain';
import type { ExportSource } from './exportSource';
import { EXPORT_COLUMN_ORDER, QUEUE_NAME } from './exportSource';

/** A task without the raw record (it repeats the same fields and can be large). */
function plainTask(t: Task): Omit<Task, 'raw'> {
  const { raw: _raw, ...rest } = t;
  return rest;
}

/** Renders the json export (2-space indented, newline-terminated). */
export function exportJson(src: ExportSource): string {
  const queue: Record<string, Array<Omit<Task, 'raw'>>> = {};
  for (const status of EXPORT_COLUMN_ORDER) queue[QUEUE_NAME[status]] = src.columns[status].map(plainTask);
  const doc = {
    exported_at: new Date(src.exportedAt).toISOString(),
    version: src.version,
    project: { id: src.project.id, name: src.project.name, path: src.project.path },
    live: src.live,
    session: src.session,
    queue,
    quality: src.quality ?? {},
    config: {},
    kpis: src.kpis,
    iterations: src.rows,
    agents: src.agents,
    learnings: src.learnings.map(l => ({ category: l.category, text: l.text, timestamp: l.timestamp, origin: l.origin })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
