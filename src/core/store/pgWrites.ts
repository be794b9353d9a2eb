// The PostgreSQL statements that mirror each store write. Each builder returns the statement(s) for one call, scoped
// to one machine; bulk writes pass their rows as one JSON array (one round trip, however many rows).
import type { Agent, Learning, LogEntry, LokiEvent, Session, Task, TaskStatus } from '../domain';
import type { StoredProject, TaskMove } from './storeApi';

/** One statement of a write batch. */
export interface PgStatement {
  text: string;
  values: unknown[];
}

/** Keeps the last value of each key at the position of its last occurrence (a later duplicate replaces an earlier one). */
function lastByKey<T>(items: T[], key: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of items) { const k = key(x); m.delete(k); m.set(k, x); }
  return [...m.values()];
}

/** Rows as a JSON array with their position, so inserts keep the caller's order (the `ord` column). */
function rows<T>(items: T[], fn: (x: T) => Record<string, unknown>): string {
  return JSON.stringify(items.map((x, i) => ({ i, ...fn(x) })));
}

/** Statement builders for one machine. */
export const pgWrites = {
  upsertProject: (m: string, p: StoredProject): PgStatement[] => [{
    text: `INSERT INTO loki_store_projects (machine, id, name, path, registered, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (machine, id) DO UPDATE SET name = excluded.name, path = excluded.path, registered = excluded.registered, last_seen_at = excluded.last_seen_at`,
    values: [m, p.id, p.name, p.path, p.registered, p.lastSeenAt],
  }],

  removeProject: (m: string, id: string): PgStatement[] => [{ text: 'DELETE FROM loki_store_projects WHERE machine = $1 AND id = $2', values: [m, id] }],

  upsertSession: (m: string, s: Session, counts: Record<TaskStatus, number>, at: number): PgStatement[] => [{
    text: `INSERT INTO loki_store_sessions (machine, id, project_id, status, json, task_counts, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (machine, id) DO UPDATE SET project_id = excluded.project_id, status = excluded.status, json = excluded.json,
             task_counts = excluded.task_counts, updated_at = excluded.updated_at`,
    values: [m, s.id, s.projectId, s.status, JSON.stringify(s), JSON.stringify(counts), at],
  }],

  removeSession: (m: string, sessionId: string): PgStatement[] => [
    { text: 'DELETE FROM loki_store_tasks WHERE machine = $1 AND session_id = $2', values: [m, sessionId] },
    { text: 'DELETE FROM loki_store_agents WHERE machine = $1 AND session_id = $2', values: [m, sessionId] },
    { text: 'DELETE FROM loki_store_sessions WHERE machine = $1 AND id = $2', values: [m, sessionId] },
  ],

  upsertTasks: (m: string, projectId: string, sessionId: string, tasks: Task[], at: number): PgStatement[] => [{
    text: `INSERT INTO loki_store_tasks (machine, project_id, session_id, task_id, status, json, updated_at)
           SELECT $1, $2, $3, x.id, x.status, x.json, $4 FROM jsonb_to_recordset($5::jsonb) AS x(i int, id text, status text, json text) ORDER BY x.i
           ON CONFLICT (machine, project_id, session_id, task_id) DO UPDATE SET status = excluded.status, json = excluded.json, updated_at = excluded.updated_at`,
    values: [m, projectId, sessionId, at, rows(lastByKey(tasks, t => t.id), t => ({ id: t.id, status: t.status, json: JSON.stringify(t) }))],
  }],

  removeTasks: (m: string, projectId: string, ids: string[], sessionId?: string): PgStatement[] => [sessionId === undefined
    ? { text: 'DELETE FROM loki_store_tasks WHERE machine = $1 AND project_id = $2 AND task_id = ANY($3)', values: [m, projectId, ids] }
    : { text: 'DELETE FROM loki_store_tasks WHERE machine = $1 AND project_id = $2 AND session_id = $3 AND task_id = ANY($4)', values: [m, projectId, sessionId, ids] }],

  recordMove: (m: string, t: TaskMove): PgStatement[] => [{
    text: 'INSERT INTO loki_store_task_moves (machine, project_id, task_id, from_status, to_status, at, by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    values: [m, t.projectId, t.taskId, t.from, t.to, t.at, t.by],
  }],

  upsertAgents: (m: string, agents: Agent[]): PgStatement[] => [{
    text: `INSERT INTO loki_store_agents (machine, project_id, session_id, id, json)
           SELECT $1, x.p, x.s, x.id, x.json FROM jsonb_to_recordset($2::jsonb) AS x(i int, p text, s text, id text, json text) ORDER BY x.i
           ON CONFLICT (machine, project_id, session_id, id) DO UPDATE SET json = excluded.json`,
    values: [m, rows(lastByKey(agents, a => `${a.projectId}\0${a.sessionId}\0${a.id}`), a => ({ p: a.projectId, s: a.sessionId, id: a.id, json: JSON.stringify(a) }))],
  }],

  appendLogs: (m: string, entries: LogEntry[]): PgStatement[] => [{
    text: `INSERT INTO loki_store_logs (machine, project_id, seq, timestamp, level, source, message)
           SELECT $1, x.p, x.seq, x.ts, x.level, x.source, x.message FROM jsonb_to_recordset($2::jsonb) AS x(i int, p text, seq bigint, ts text, level text, source text, message text)
           ON CONFLICT (machine, project_id, seq) DO UPDATE SET timestamp = excluded.timestamp, level = excluded.level, source = excluded.source, message = excluded.message`,
    values: [m, rows(lastByKey(entries, e => `${e.projectId}\0${e.seq}`), e => ({ p: e.projectId, seq: e.seq, ts: e.timestamp, level: e.level, source: e.source, message: e.message }))],
  }],

  /** `INSERT OR REPLACE` semantics: a replaced learning moves to the end of the insertion order. */
  upsertLearnings: (m: string, learnings: Learning[]): PgStatement[] => {
    const unique = lastByKey(learnings, l => l.id);
    return [
      { text: 'DELETE FROM loki_store_learnings WHERE machine = $1 AND id = ANY($2)', values: [m, unique.map(l => l.id)] },
      {
        text: `INSERT INTO loki_store_learnings (machine, id, json) SELECT $1, x.id, x.json FROM jsonb_to_recordset($2::jsonb) AS x(i int, id text, json text) ORDER BY x.i`,
        values: [m, rows(unique, l => ({ id: l.id, json: JSON.stringify(l) }))],
      },
    ];
  },

  appendEvents: (m: string, projectId: string, events: LokiEvent[]): PgStatement[] => [{
    text: `INSERT INTO loki_store_events (machine, project_id, json) SELECT $1, $2, x.json FROM jsonb_to_recordset($3::jsonb) AS x(i int, json text) ORDER BY x.i`,
    values: [m, projectId, rows(events, e => ({ json: JSON.stringify(e) }))],
  }],

  /** Keeps the newest `retention` log lines and runner events of one project. */
  trim: (m: string, projectId: string, retention: number): PgStatement[] => [
    {
      text: `DELETE FROM loki_store_logs WHERE machine = $1 AND project_id = $2 AND seq <= (
               SELECT seq FROM loki_store_logs WHERE machine = $1 AND project_id = $2 ORDER BY seq DESC LIMIT 1 OFFSET $3)`,
      values: [m, projectId, retention],
    },
    {
      text: `DELETE FROM loki_store_events WHERE machine = $1 AND project_id = $2 AND ord <= (
               SELECT ord FROM loki_store_events WHERE machine = $1 AND project_id = $2 ORDER BY ord DESC LIMIT 1 OFFSET $3)`,
      values: [m, projectId, retention],
    },
  ],
};
