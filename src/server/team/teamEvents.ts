// Runner events in team mode (timeline and session exports at the hub). A publisher replaces a project's rows with
// its store's newest N on the project's first publish, then appends the events it is told of, trimmed to the newest
// N, NOTIFY at commit. The hub holds the same newest N per project and follows the rows by their growing number `n`.
import type { Pool, PoolClient } from 'pg';
import type { LokiEvent } from '../../core/domain';
import { CHANNELS } from './teamKeys';

interface EventRow { key: string; n: string; at: string | null; type: string; source: string | null; data: unknown }

/** What the store answers when the caller gives no limit. */
const DEFAULT_LIMIT = 500;

/**
 * Writes one project's events in the caller's transaction: `replace` drops the rows held first (a first publish
 * sends the store's whole window). Keeps the newest `keep` and notifies the hub (delivered at commit).
 */
export async function writeTeamEvents(client: PoolClient, key: string, events: readonly LokiEvent[], replace: boolean, keep: number): Promise<void> {
  const batch = events.slice(Math.max(0, events.length - keep));
  if (replace) await client.query('DELETE FROM loki_team_events WHERE key = $1', [key]);
  else if (batch.length === 0) return;
  if (batch.length > 0) {
    // ORDER BY the ordinality: `n` is drawn in that order, so rows keep the events' order.
    await client.query(
      `INSERT INTO loki_team_events (key, at, type, source, data)
       SELECT $1, e.at, e.type, e.source, e.data FROM unnest($2::text[], $3::text[], $4::text[], $5::json[]) WITH ORDINALITY AS e(at, type, source, data, i) ORDER BY e.i`,
      [key, batch.map(e => e.timestamp), batch.map(e => e.type), batch.map(e => e.source), batch.map(e => JSON.stringify(e.data))],
    );
    await client.query('DELETE FROM loki_team_events WHERE key = $1 AND n <= (SELECT n FROM loki_team_events WHERE key = $1 ORDER BY n DESC LIMIT 1 OFFSET $2)', [key, keep]);
  }
  await client.query('SELECT pg_notify($1, $2)', [CHANNELS.events, key]);
}

/** Deletes a removed project's events (in the caller's transaction). */
export async function deleteTeamEvents(client: PoolClient, key: string): Promise<void> {
  await client.query('DELETE FROM loki_team_events WHERE key = $1', [key]);
}

function eventOf(r: EventRow): LokiEvent {
  const data = typeof r.data === 'object' && r.data !== null && !Array.isArray(r.data) ? (r.data as Record<string, unknown>) : {};
  return { timestamp: r.at, type: r.type, source: r.source, data };
}

/** The hub's copy: the newest `keep` events of every project, oldest first. */
export class TeamEventTail {
  private readonly byKey = new Map<string, Array<{ n: number; event: LokiEvent }>>();

  private constructor(private readonly pool: Pool, private readonly keep: number) {}

  /** Loads every project's rows. */
  static async load(pool: Pool, keep: number): Promise<TeamEventTail> {
    const tail = new TeamEventTail(pool, keep);
    const rows = (await pool.query<EventRow>('SELECT key, n, at, type, source, data FROM loki_team_events ORDER BY key, n')).rows;
    for (const r of rows) tail.add(r.key, [r]);
    return tail;
  }

  private add(key: string, rows: readonly EventRow[]): void {
    const list = this.byKey.get(key) ?? [];
    for (const r of rows) list.push({ n: Number(r.n), event: eventOf(r) });
    if (list.length > this.keep) list.splice(0, list.length - this.keep);
    this.byKey.set(key, list);
  }

  /**
   * Reads the rows of `key` from the newest one held on. When that row is gone the publisher replaced the project's
   * rows (or trimmed past everything held): what is read then replaces what was held.
   */
  async fetchNew(key: string): Promise<void> {
    const last = this.byKey.get(key)?.at(-1)?.n ?? 0;
    const rows = (await this.pool.query<EventRow>('SELECT key, n, at, type, source, data FROM loki_team_events WHERE key = $1 AND n >= $2 ORDER BY n', [key, last])).rows;
    if (Number(rows[0]?.n) === last) this.add(key, rows.slice(1));
    else {
      this.byKey.delete(key);
      this.add(key, rows);
    }
  }

  /** Forgets a removed project. */
  drop(key: string): void {
    this.byKey.delete(key);
  }

  /** The newest `limit` events of a project, oldest first (the store's semantics). */
  events(key: string, limit = DEFAULT_LIMIT): LokiEvent[] {
    const list = this.byKey.get(key) ?? [];
    return list.slice(Math.max(0, list.length - Math.max(0, limit))).map(x => x.event);
  }
}
