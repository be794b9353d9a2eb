// Session history in team mode. A publisher upserts its projects' session summaries into loki_team_sessions in the
// same flush transaction as the snapshot (so the hub's reload on that NOTIFY sees both); the hub caches them per project.
import type { Pool, PoolClient } from 'pg';
import type { SessionSummary } from '../../core/domain';
import { teamSessionId } from './teamKeys';

/**
 * Writes summaries under `key` (`sessions` most recently updated first, as a store lists them). `ord` is renewed on
 * every write, so the hub orders by it like the store orders by its update time.
 */
export async function writeTeamSessions(client: PoolClient, key: string, sessions: readonly SessionSummary[]): Promise<void> {
  if (sessions.length === 0) return;
  const oldestFirst = [...sessions].reverse();
  await client.query(
    `INSERT INTO loki_team_sessions (key, id, summary)
     SELECT $1, s.id, s.summary FROM unnest($2::text[], $3::jsonb[]) WITH ORDINALITY AS s(id, summary, n) ORDER BY s.n
     ON CONFLICT (key, id) DO UPDATE SET summary = excluded.summary, ord = DEFAULT`,
    [key, oldestFirst.map(s => s.id), oldestFirst.map(s => JSON.stringify(s))],
  );
}

/** Deletes a removed project's summaries (in the caller's transaction). */
export async function deleteTeamSessions(client: PoolClient, key: string): Promise<void> {
  await client.query('DELETE FROM loki_team_sessions WHERE key = $1', [key]);
}

/**
 * A stored summary under the hub's ids, its keys in the order a local store lists them: jsonb does not keep key
 * order, and session exports at the hub must read like the publisher's own.
 */
function hubSummary(key: string, s: SessionSummary): SessionSummary {
  const c = s.taskCounts;
  return {
    id: teamSessionId(key, s.id), projectId: key, status: s.status, phase: s.phase, iteration: s.iteration, provider: s.provider,
    startedAt: s.startedAt, endedAt: s.endedAt, costUsd: s.costUsd,
    taskCounts: { pending: c.pending, in_progress: c.in_progress, review: c.review, completed: c.completed, failed: c.failed },
  };
}

/** The hub's copy of every project's session history, ids and project ids in the hub's terms. */
export class TeamSessionCache {
  private readonly byKey = new Map<string, Array<{ ord: number; s: SessionSummary }>>();

  constructor(private readonly pool: Pool) {}

  /** Reads one project's summaries (every project's when `key` is absent), replacing what was cached. */
  async reload(key?: string): Promise<void> {
    const rows = (await this.pool.query<{ key: string; summary: SessionSummary; ord: string }>(
      `SELECT key, summary, ord FROM loki_team_sessions ${key === undefined ? '' : 'WHERE key = $1'} ORDER BY key, ord DESC`, key === undefined ? [] : [key],
    )).rows;
    if (key !== undefined) this.byKey.delete(key);
    else this.byKey.clear();
    for (const r of rows) {
      const list = this.byKey.get(r.key) ?? [];
      list.push({ ord: Number(r.ord), s: hubSummary(r.key, r.summary) });
      this.byKey.set(r.key, list);
    }
  }

  /** One project's sessions, or every project's, most recently updated first. */
  list(key?: string): SessionSummary[] {
    const rows = key !== undefined ? this.byKey.get(key) ?? [] : [...this.byKey.values()].flat().sort((a, b) => b.ord - a.ord);
    return rows.map(r => r.s);
  }
}
