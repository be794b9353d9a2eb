// Log lines per project, oldest first, ordered by the core's per-project sequence number.

/** Most lines the webview keeps per project; older ones can be paged in again. */
export const MAX_LOG_LINES = 100_000;

interface Seq { seq: number }

/** Appends live lines; lines at or below the last known seq are duplicates of what a snapshot brought. */
export function appendLogs<T extends Seq>(existing: T[], incoming: readonly T[]): T[] {
  const last = existing.length ? existing[existing.length - 1]!.seq : -Infinity;
  const fresh = incoming.filter(e => e.seq > last);
  if (fresh.length === 0) return existing;
  const next = existing.concat(fresh);
  return next.length > MAX_LOG_LINES ? next.slice(next.length - MAX_LOG_LINES) : next;
}

/** Merges two runs of lines by seq, dropping duplicates. Fast paths for the usual prepend/append. */
export function mergeLogs<T extends Seq>(existing: T[], incoming: readonly T[]): T[] {
  if (incoming.length === 0) return existing;
  if (existing.length === 0) return incoming.slice(-MAX_LOG_LINES);
  const sorted = isSorted(incoming) ? incoming : [...incoming].sort((a, b) => a.seq - b.seq);
  const firstOld = existing[0]!.seq;
  const lastOld = existing[existing.length - 1]!.seq;
  if (sorted[sorted.length - 1]!.seq < firstOld) return sorted.concat(existing).slice(0, MAX_LOG_LINES);
  if (sorted[0]!.seq > lastOld) return appendLogs(existing, sorted);
  const bySeq = new Map<number, T>();
  for (const e of existing) bySeq.set(e.seq, e);
  for (const e of sorted) bySeq.set(e.seq, e);
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return merged.length > MAX_LOG_LINES ? merged.slice(merged.length - MAX_LOG_LINES) : merged;
}

function isSorted(xs: readonly Seq[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i]!.seq <= xs[i - 1]!.seq) return false;
  return true;
}
