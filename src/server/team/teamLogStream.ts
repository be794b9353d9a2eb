// How a publisher numbers its log rows in the team table. Local seqs start over when its store is lost (deleted by a
// user, a failed open, or a new machine reusing the machine name), while the hub follows a project's rows by their
// highest seq. So rows carry a team seq = local seq + base, and the base of each project is chosen when a publisher
// first writes it: unchanged while the newest rows in the table are still the same lines locally, else moved past
// everything the hub has seen (aligned on those newest rows when the fresh store re-read them from the same log).
import type { PoolClient } from 'pg';
import type { LogEntry } from '../../core/domain';
import type { LogQuery } from '../../core/store/storeApi';

/** One project's numbering: team seq = local seq + `base`; the table holds every line up to team seq `top`. */
export interface LogStream {
  readonly base: number;
  readonly top: number;
}

/** Reads the publisher's own lines of one project (newest last), as `DataSource.logs` does. */
export type LocalLogs = (q: LogQuery) => LogEntry[];

/** Newest table rows compared with the local lines: enough that a chance match of repeated text is not taken. */
const MATCH_ROWS = 8;
/** Local lines searched for the newest stored line when the numbering moved. */
const SEARCH_LIMIT = 5000;

interface StoredLine { seq: number; at: string | null; level: string; source: string; message: string }

const sameLine = (local: LogEntry, row: StoredLine): boolean =>
  local.message === row.message && local.level === row.level && local.source === row.source && local.timestamp === row.at;

/** Whether every row in `rows` is the local line at its seq minus `base`. */
function matches(local: readonly LogEntry[], rows: readonly StoredLine[], base: number): boolean {
  const bySeq = new Map(local.map(e => [e.seq, e]));
  return rows.length > 0 && rows.every(r => { const l = bySeq.get(r.seq - base); return l !== undefined && sameLine(l, r); });
}

/**
 * Decides the numbering of project `key` for this publisher (in the caller's transaction, the stream row locked).
 * `local` must read a loaded store: an empty answer is taken as a store that starts over.
 */
export async function openLogStream(client: PoolClient, key: string, local: LocalLogs): Promise<LogStream> {
  const saved = (await client.query<{ base: string; top: string }>('SELECT base, top FROM loki_team_log_streams WHERE key = $1 FOR UPDATE', [key])).rows[0];
  const rows = (await client.query<StoredLine & { seq: string }>(
    'SELECT seq, at, level, source, message FROM loki_team_logs WHERE key = $1 ORDER BY seq DESC LIMIT $2', [key, MATCH_ROWS],
  )).rows.map(r => ({ ...r, seq: Number(r.seq) }));
  const base = Number(saved?.base ?? 0);
  const top = Math.max(Number(saved?.top ?? 0), rows[0]?.seq ?? 0);
  if (top === 0) return { base: 0, top: 0 };
  const newest = rows[0]?.seq === top ? rows : [];
  const at = top - base;
  if (newest.length === 0) {
    // The rows were deleted (the project was removed, then added again): the seq alone says whether numbering went on.
    // Either way the table holds none of the lines, so the first write may send them all (a running hub keeps only
    // those above what it has; the saved top never goes down).
    if (local({ beforeSeq: at + 1, limit: 1 })[0]?.seq === at) return { base, top: 0 };
    return { base: top, top: 0 };
  }
  if (matches(local({ beforeSeq: at + 1, limit: MATCH_ROWS }), newest, base)) return { base, top };
  // Started over. A store that re-read the same log holds the stored lines under other seqs: continue after them,
  // so they are not sent again. Of several places (a repeated block), the oldest: sending again beats skipping.
  const last = newest[0]!;
  const candidates = local({ text: last.message || null, limit: SEARCH_LIMIT }).filter(e => sameLine(e, last));
  for (const c of candidates) {
    const shift = last.seq - c.seq;
    if (matches(local({ beforeSeq: c.seq + 1, limit: MATCH_ROWS }), newest, shift)) return { base: shift, top };
  }
  return { base: top, top };
}

/** The lines of `entries` not yet in the table, numbered for it, oldest first (one per seq: a repeated seq would fail the upsert). */
export function teamNumbered(stream: LogStream, entries: readonly LogEntry[]): LogEntry[] {
  const bySeq = new Map<number, LogEntry>();
  for (const e of entries) {
    const seq = e.seq + stream.base;
    if (seq > stream.top) bySeq.set(seq, { ...e, seq });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Records the stream after a write (in the caller's transaction). Kept when a project's rows are deleted. */
export async function saveLogStream(client: PoolClient, key: string, stream: LogStream): Promise<void> {
  await client.query(
    `INSERT INTO loki_team_log_streams (key, base, top) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET base = excluded.base, top = GREATEST(loki_team_log_streams.top, excluded.top)`,
    [key, stream.base, stream.top],
  );
}
