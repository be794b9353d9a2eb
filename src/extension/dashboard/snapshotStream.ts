// The dashboard's first paint needs only what is on screen: a snapshot goes out with each column cut to its first
// cards (and the columns' full lengths), and the rest follows in chunks. No vscode import, so Node tests cover it.
import { TASK_STATUSES } from '../../core/domain';
import type { ProjectSnapshot, TaskStatus } from '../../core/domain';
import type { HostMessage } from '../../core/protocol';

/** Cards per column in the snapshot: a tall column shows ~10, and a restored scroll position a little further. */
export const SNAPSHOT_WINDOW = 100;
/** Cards per `tasks/chunk` message. */
export const CHUNK_SIZE = 2000;
/** How long the host waits for the webview's `tasks/received` before it sends the next chunk anyway. */
export const CHUNK_ACK_TIMEOUT_MS = 2000;

type Chunk = Extract<HostMessage, { type: 'tasks/chunk' }>;

/** A snapshot split for sending: the cut projects, the full lengths of cut columns, and the chunks that complete them. */
export interface SplitSnapshot {
  projects: ProjectSnapshot[];
  /** Undefined when nothing was cut. */
  columnTotals: Record<string, Partial<Record<TaskStatus, number>>> | undefined;
  chunks: Chunk[];
}

/** Cuts every column longer than `window` to its first `window` cards; the rest becomes chunks of `chunkSize`, in board order. */
export function splitSnapshot(projects: readonly ProjectSnapshot[], window = SNAPSHOT_WINDOW, chunkSize = CHUNK_SIZE): SplitSnapshot {
  const out: ProjectSnapshot[] = [];
  const chunks: Chunk[] = [];
  let columnTotals: SplitSnapshot['columnTotals'];
  for (const snap of projects) {
    let columns = snap.columns;
    for (const status of TASK_STATUSES) {
      const col = snap.columns[status];
      if (col.length <= window) continue;
      if (columns === snap.columns) columns = { ...snap.columns };
      columns[status] = col.slice(0, window);
      ((columnTotals ??= {})[snap.project.id] ??= {})[status] = col.length;
      for (let at = window; at < col.length; at += chunkSize) {
        chunks.push({ type: 'tasks/chunk', projectId: snap.project.id, version: snap.version, status, offset: at, tasks: col.slice(at, at + chunkSize), last: false });
      }
    }
    out.push(columns === snap.columns ? snap : { ...snap, columns });
  }
  const final = chunks.at(-1);
  if (final) final.last = true;
  return { projects: out, columnTotals, chunks };
}
