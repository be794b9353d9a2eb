// Log lines in team mode. A publisher writes each project's new lines into loki_team_logs inside its flush
// transaction (trimmed to the newest N there, NOTIFY at commit); the hub keeps the same newest N per project in
// memory, loaded at start and extended on NOTIFY by reading the rows after the last seq it holds. Row seqs only grow
// per project, also when a publisher's own numbering starts over (see teamLogStream.ts).
import type { Pool, PoolClient } from 'pg';
import type { LogEntry, LogLevel } from '../../core/domain';
import type { Logger } from '../../core/logger';
import { LogArchive } from '../../core/store/logArchive';
import type { LogQuery } from '../../core/store/storeApi';
import { CHANNELS } from './teamKeys';
import { saveLogStream, teamNumbered } from './teamLogStream';
import type { LogStream } from './teamLogStream';

const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error'];
/** What a page holds when the caller does not say (the local store's default). */
const DEFAULT_PAGE = 500;

interface LogRow { key: string; seq: string; at: string | null; level: string; source: string; message: string }

/**
 * Writes `entries` (one project's lines, local seqs) under `key` in the caller's transaction, numbered by `stream`:
 * one INSERT for the lines the table lacks, then the rows older than the newest `keep` are deleted and the hub is
 * notified (delivered at commit). Resolves to the stream after the write (the caller keeps it once committed).
 */
export async function writeTeamLogs(client: PoolClient, key: string, stream: LogStream, entries: readonly LogEntry[], keep: number): Promise<LogStream> {
  const numbered = teamNumbered(stream, entries);
  const batch = numbered.slice(Math.max(0, numbered.length - keep));
  if (batch.length === 0) return stream;
  await client.query(
    `INSERT INTO loki_team_logs (key, seq, at, level, source, message)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (key, seq) DO UPDATE SET at = excluded.at, level = excluded.level, source = excluded.source, message = excluded.message`,
    [key, batch.map(e => e.seq), batch.map(e => e.timestamp), batch.map(e => e.level), batch.map(e => e.source), batch.map(e => e.message)],
  );
  await client.query(
    'DELETE FROM loki_team_logs WHERE key = $1 AND seq <= (SELECT seq FROM loki_team_logs WHERE key = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)',
    [key, keep],
  );
  const next = { base: stream.base, top: batch.at(-1)!.seq };
  await saveLogStream(client, key, next);
  await client.query('SELECT pg_notify($1, $2)', [CHANNELS.logs, key]);
  return next;
}

/** Deletes a removed project's lines (in the caller's transaction); its stream row stays, so numbering never goes back. */
export async function deleteTeamLogs(client: PoolClient, key: string): Promise<void> {
  await client.query('DELETE FROM loki_team_logs WHERE key = $1', [key]);
}

function entryOf(r: LogRow): LogEntry | undefined {
  if (!LEVELS.includes(r.level)) return undefined;
  return { seq: Number(r.seq), projectId: r.key, timestamp: r.at, level: r.level as LogLevel, source: r.source, message: r.message };
}

/** The hub's in-memory tail: the newest `keep` lines of every project, queried like the local store. */
export class TeamLogTail {
  private constructor(private readonly pool: Pool, private readonly archive: LogArchive) {}

  /** Loads every project's stored lines. */
  static async load(pool: Pool, keep: number, log: Logger): Promise<TeamLogTail> {
    const archive = await LogArchive.open({ file: null, log, delayMs: 0, retention: keep });
    const tail = new TeamLogTail(pool, archive);
    const rows = (await pool.query<LogRow>('SELECT key, seq, at, level, source, message FROM loki_team_logs ORDER BY key, seq')).rows;
    archive.append(rows.map(entryOf).filter((e): e is LogEntry => e !== undefined));
    return tail;
  }

  /** Reads the rows of `key` after the newest line held; resolves to them (oldest first), already added. */
  async fetchNew(key: string): Promise<LogEntry[]> {
    const rows = (await this.pool.query<LogRow>(
      'SELECT key, seq, at, level, source, message FROM loki_team_logs WHERE key = $1 AND seq > $2 ORDER BY seq', [key, this.archive.maxSeq(key)],
    )).rows;
    const entries = rows.map(entryOf).filter((e): e is LogEntry => e !== undefined);
    this.archive.append(entries);
    return entries;
  }

  /** A page of lines, newest last, with the local store's semantics (beforeSeq, limit, minimum level, text). */
  query(key: string, q: LogQuery = {}): LogEntry[] {
    return this.archive.query(key, { ...q, limit: Math.max(1, q.limit ?? DEFAULT_PAGE) });
  }
}
