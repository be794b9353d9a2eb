// `csv` export: the task queue with Loki's columns (status, id, title, created_at), quoted per RFC 4180 so titles
// with commas, quotes and line breaks survive a round trip through any CSV parser.
import type { ExportSource } from './exportSource';
import { EXPORT_COLUMN_ORDER, QUEUE_NAME } from './exportSource';

/** Quotes one field when it holds a comma, a quote or a line break (quotes doubled), as RFC 4180 says. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Renders the csv export: a header row, then one row per card, CRLF line ends (RFC 4180, Python's csv default). */
export function exportCsv(src: ExportSource): string {
  const rows = [['status', 'id', 'title', 'created_at']];
  for (const status of EXPORT_COLUMN_ORDER) {
    for (const t of src.columns[status]) rows.push([QUEUE_NAME[status], t.id, t.title, t.createdAt ?? '']);
  }
  return rows.map(r => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
