// The four export formats: how each renders, its content type and its file name.
import type { ExportFormat } from '../domain';
import { EXPORT_FORMATS } from '../domain';
import { exportCsv } from './exportCsv';
import { exportJson } from './exportJson';
import { exportMarkdown } from './exportMarkdown';
import type { ExportSource } from './exportSource';
import { exportTimeline } from './exportTimeline';

interface FormatSpec {
  render: (src: ExportSource) => string;
  contentType: string;
  extension: string;
}

const FORMATS: Record<ExportFormat, FormatSpec> = {
  json: { render: exportJson, contentType: 'application/json; charset=utf-8', extension: 'json' },
  markdown: { render: exportMarkdown, contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  csv: { render: exportCsv, contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  timeline: { render: exportTimeline, contentType: 'application/json; charset=utf-8', extension: 'timeline.json' },
};

/** `md` is accepted for markdown, as `loki export md` accepts it. */
export function parseExportFormat(x: string): ExportFormat | null {
  const f = x.trim().toLowerCase();
  if (f === 'md') return 'markdown';
  return (EXPORT_FORMATS as readonly string[]).includes(f) ? (f as ExportFormat) : null;
}

/** A rendered export. */
export interface RenderedExport {
  text: string;
  contentType: string;
  /** Suggested file name, e.g. `myapp-session-2026-11-22T0245.md`. */
  fileName: string;
}

/** Renders `src` in `format`. */
export function renderExport(src: ExportSource, format: ExportFormat): RenderedExport {
  const spec = FORMATS[format];
  const stamp = (src.session.startedAt ?? new Date(src.exportedAt).toISOString()).replace(/[^0-9T]/g, '').slice(0, 13);
  const base = src.project.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'loki';
  return { text: spec.render(src), contentType: spec.contentType, fileName: `${base}-session-${stamp}.${spec.extension}` };
}
