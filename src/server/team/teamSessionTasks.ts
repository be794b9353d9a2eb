// Tasks of past sessions in team mode, for session exports at the hub. A publisher writes a session's tasks (as its
// store kept them) once the session is no longer current, stamped with its summary: a session is written again only
// when its summary changes. The current session's tasks are the published snapshot's board. The hub caches the rows.
import type { Pool, PoolClient } from 'pg';
import type { SessionSummary, Task } from '../../core/domain';
import type { DataSource } from '../types';
import { teamSessionId } from './teamKeys';

/** Past sessions whose tasks a publisher mirrors per project at most (the newest). */
export const MAX_TASK_SESSIONS = 100;

/** What a summary is compared by: a session whose stamp is unchanged has the tasks already written. */
export const sessionStamp = (s: SessionSummary): string => JSON.stringify(s);

/** Stamps of the sessions `key` has rows for (a publisher reads them once per project, then keeps them). */
export async function readTaskStamps(client: PoolClient, key: string): Promise<Map<string, string>> {
  const rows = (await client.query<{ session_id: string; stamp: string }>('SELECT session_id, stamp FROM loki_team_session_tasks WHERE key = $1', [key])).rows;
  return new Map(rows.map(r => [r.session_id, r.stamp]));
}

/** Writes the tasks of each given session (local ids) under `key` in the caller's transaction. */
export async function writeSessionTasks(client: PoolClient, key: string, sessions: ReadonlyArray<{ id: string; stamp: string; tasks: readonly Task[] }>): Promise<void> {
  if (sessions.length === 0) return;
  await client.query(
    `INSERT INTO loki_team_session_tasks (key, session_id, stamp, tasks)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::json[])
     ON CONFLICT (key, session_id) DO UPDATE SET stamp = excluded.stamp, tasks = excluded.tasks`,
    // Without the raw records: they can be large and no export shows them.
    [key, sessions.map(s => s.id), sessions.map(s => s.stamp), sessions.map(s => JSON.stringify(s.tasks.map(t => ({ ...t, raw: undefined }))))],
  );
}

/**
 * Which past sessions of a project need their tasks written: those (of the newest {@link MAX_TASK_SESSIONS}, the
 * current one aside) whose stamp differs from the one in the table. `known` are the stamps held since the project's
 * last commit; without them they are read from the table and every listed session is considered (a first publish),
 * else only the few most recently updated (`sessions` lists the latest first). Resolves to the rows to write and the
 * stamps once they are written.
 */
export async function pastSessionTasks(
  client: PoolClient, key: string, source: Pick<DataSource, 'sessionTasks'>, projectId: string, currentId: string,
  sessions: readonly SessionSummary[], known: ReadonlyMap<string, string> | undefined,
): Promise<{ write: Array<{ id: string; stamp: string; tasks: Task[] }>; stamps: Map<string, string> }> {
  const stamps = new Map(known ?? await readTaskStamps(client, key));
  if (!source.sessionTasks) return { write: [], stamps };
  const considered = (known ? sessions.slice(0, 3) : sessions).filter(s => s.id !== currentId).slice(0, MAX_TASK_SESSIONS);
  const write: Array<{ id: string; stamp: string; tasks: Task[] }> = [];
  for (const s of considered) {
    const stamp = sessionStamp(s);
    if (stamps.get(s.id) === stamp) continue;
    write.push({ id: s.id, stamp, tasks: source.sessionTasks(projectId, s.id) });
    stamps.set(s.id, stamp);
  }
  return { write, stamps };
}

/** Deletes a removed project's session tasks (in the caller's transaction). */
export async function deleteSessionTasks(client: PoolClient, key: string): Promise<void> {
  await client.query('DELETE FROM loki_team_session_tasks WHERE key = $1', [key]);
}

/** The hub's copy of every project's past-session tasks, by the hub's session ids. */
export class TeamSessionTaskCache {
  private readonly byKey = new Map<string, Map<string, { stamp: string; tasks: Task[] }>>();

  constructor(private readonly pool: Pool) {}

  /** Re-reads one project's rows (every project's when `key` is absent); only sessions whose stamp changed are fetched whole. */
  async reload(key?: string): Promise<void> {
    const stamps = (await this.pool.query<{ key: string; session_id: string; stamp: string }>(
      `SELECT key, session_id, stamp FROM loki_team_session_tasks ${key === undefined ? '' : 'WHERE key = $1'}`, key === undefined ? [] : [key],
    )).rows;
    const next = new Map<string, Map<string, { stamp: string; tasks: Task[] }>>();
    const missing: Array<{ key: string; local: string; id: string }> = [];
    for (const r of stamps) {
      const id = teamSessionId(r.key, r.session_id);
      const held = this.byKey.get(r.key)?.get(id);
      const list = next.get(r.key) ?? new Map<string, { stamp: string; tasks: Task[] }>();
      next.set(r.key, list);
      if (held?.stamp === r.stamp) list.set(id, held);
      else missing.push({ key: r.key, local: r.session_id, id });
    }
    if (missing.length > 0) {
      const rows = (await this.pool.query<{ key: string; session_id: string; stamp: string; tasks: unknown }>(
        'SELECT t.key, t.session_id, t.stamp, t.tasks FROM loki_team_session_tasks t JOIN unnest($1::text[], $2::text[]) AS m(key, session_id) USING (key, session_id)',
        [missing.map(m => m.key), missing.map(m => m.local)],
      )).rows;
      // Rows are written by other processes: anything but an array of objects reads as no tasks.
      for (const r of rows) {
        const tasks = Array.isArray(r.tasks) ? r.tasks.filter((t): t is Task => typeof t === 'object' && t !== null) : [];
        next.get(r.key)?.set(teamSessionId(r.key, r.session_id), { stamp: r.stamp, tasks });
      }
    }
    if (key !== undefined) {
      this.byKey.delete(key);
      const list = next.get(key);
      if (list) this.byKey.set(key, list);
    } else {
      this.byKey.clear();
      for (const [k, list] of next) this.byKey.set(k, list);
    }
  }

  /** The stored tasks of one past session (hub ids), or undefined when none were published. */
  tasks(key: string, sessionId: string): Task[] | undefined {
    return this.byKey.get(key)?.get(sessionId)?.tasks;
  }
}
