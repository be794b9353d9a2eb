// Fills the PostgreSQL engine's in-memory working set from the database at open: one machine's rows, replayed in
// their insertion order through the same store calls that wrote them, with the stored timestamps pinned.
import type { Pool } from 'pg';
import type { Agent, Learning, LogEntry, LogLevel, LokiEvent, Session, Task, TaskStatus } from '../domain';
import type { StoreApi, TaskMove } from './storeApi';

/** Runs `fn` with the cache's clock reading `at` (so stored `updated_at` values survive the reload). */
export type PinClock = (at: number, fn: () => void) => void;

const parse = <T>(text: string): T | null => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
};

/** Loads every row of `machine` into `cache`; resolves to the number of rows read. */
export async function loadMachine(pool: Pool, machine: string, cache: StoreApi, pin: PinClock): Promise<number> {
  const q = async <R extends object>(sql: string): Promise<R[]> => (await pool.query<R>(sql, [machine])).rows;
  let count = 0;

  for (const p of await q<{ id: string; name: string; path: string; registered: boolean; last_seen_at: string }>(
    'SELECT id, name, path, registered, last_seen_at FROM loki_store_projects WHERE machine = $1')) {
    cache.upsertProject({ id: p.id, name: p.name, path: p.path, registered: p.registered, lastSeenAt: Number(p.last_seen_at) });
    count++;
  }
  for (const s of await q<{ json: string; task_counts: string; updated_at: string }>(
    'SELECT json, task_counts, updated_at FROM loki_store_sessions WHERE machine = $1 ORDER BY ord')) {
    const session = parse<Session>(s.json);
    const counts = parse<Record<TaskStatus, number>>(s.task_counts);
    if (session && counts) pin(Number(s.updated_at), () => cache.upsertSession(session, counts));
    count++;
  }
  // Consecutive rows of one (project, session, time) go in one call, as they were written.
  let batch: { p: string; s: string; at: number; tasks: Task[] } | null = null;
  const flushBatch = (): void => {
    if (batch) { const b = batch; pin(b.at, () => cache.upsertTasks(b.p, b.s, b.tasks)); }
    batch = null;
  };
  for (const t of await q<{ project_id: string; session_id: string; json: string; updated_at: string }>(
    'SELECT project_id, session_id, json, updated_at FROM loki_store_tasks WHERE machine = $1 ORDER BY ord')) {
    const task = parse<Task>(t.json);
    const at = Number(t.updated_at);
    count++;
    if (!task) continue;
    if (!batch || batch.p !== t.project_id || batch.s !== t.session_id || batch.at !== at) { flushBatch(); batch = { p: t.project_id, s: t.session_id, at, tasks: [] }; }
    batch.tasks.push(task);
  }
  flushBatch();
  for (const m of await q<{ project_id: string; task_id: string; from_status: string | null; to_status: string; at: string; by: string }>(
    'SELECT project_id, task_id, from_status, to_status, at, by FROM loki_store_task_moves WHERE machine = $1 ORDER BY ord')) {
    const move: TaskMove = { projectId: m.project_id, taskId: m.task_id, from: m.from_status as TaskStatus | null, to: m.to_status as TaskStatus, at: Number(m.at), by: m.by === 'user' ? 'user' : 'runner' };
    cache.recordMove(move);
    count++;
  }
  const agents = (await q<{ json: string }>('SELECT json FROM loki_store_agents WHERE machine = $1 ORDER BY ord')).map(r => parse<Agent>(r.json)).filter((a): a is Agent => a !== null);
  cache.upsertAgents(agents);
  count += agents.length;
  const logs = (await q<{ project_id: string; seq: string; timestamp: string | null; level: string; source: string; message: string }>(
    'SELECT project_id, seq, timestamp, level, source, message FROM loki_store_logs WHERE machine = $1 ORDER BY project_id, seq'))
    .map((r): LogEntry => ({ projectId: r.project_id, seq: Number(r.seq), timestamp: r.timestamp, level: r.level as LogLevel, source: r.source, message: r.message }));
  cache.appendLogs(logs);
  count += logs.length;
  const learnings = (await q<{ json: string }>('SELECT json FROM loki_store_learnings WHERE machine = $1 ORDER BY ord')).map(r => parse<Learning>(r.json)).filter((l): l is Learning => l !== null);
  cache.upsertLearnings(learnings);
  count += learnings.length;
  const events = new Map<string, LokiEvent[]>();
  for (const e of await q<{ project_id: string; json: string }>('SELECT project_id, json FROM loki_store_events WHERE machine = $1 ORDER BY ord')) {
    const ev = parse<LokiEvent>(e.json);
    if (ev) {
      const list = events.get(e.project_id) ?? [];
      list.push(ev);
      events.set(e.project_id, list);
    }
    count++;
  }
  for (const [projectId, list] of events) cache.appendEvents(projectId, list);
  return count;
}
