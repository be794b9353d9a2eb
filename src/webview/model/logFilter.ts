// Log filtering: minimum level and case-insensitive text search.
import type { LogEntry, LogLevel } from '../../core/domain';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Lines at or above `minLevel` whose message or source contains `text`. Returns the input when nothing filters. */
export function filterLogs(entries: LogEntry[], minLevel: LogLevel | '', text: string): LogEntry[] {
  const q = text.trim().toLowerCase();
  if (!minLevel && !q) return entries;
  const min = minLevel ? RANK[minLevel] : 0;
  return entries.filter(e => RANK[e.level] >= min && (!q || e.message.toLowerCase().includes(q) || e.source.toLowerCase().includes(q)));
}

/** Lines of several projects interleaved by time (then seq), for "All projects". */
export function interleaveLogs(perProject: LogEntry[][]): LogEntry[] {
  const nonEmpty = perProject.filter(l => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return nonEmpty.flat().sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? '') || a.seq - b.seq);
}

/** "12:03:45" from an ISO timestamp; the raw text when it does not parse. */
export function clockTime(ts: string | null): string {
  if (!ts) return '';
  const m = /T(\d{2}:\d{2}:\d{2})/.exec(ts);
  return m ? m[1]! : ts;
}
