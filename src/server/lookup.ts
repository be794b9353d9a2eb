// Resolving ids and query parameters against the data source, with the API's 400/404 errors.
import type { ProjectInfo, ProjectSnapshot, Session, SessionSummary, Task } from '../core/domain';
import { ApiError } from './httpUtil';
import type { DataSource } from './types';

/** The snapshot of a project, or 404. */
export function requireSnapshot(source: DataSource, projectId: string): ProjectSnapshot {
  const snap = source.snapshot(projectId);
  if (!snap) throw new ApiError(404, 'project_not_found', `no project with id ${projectId}`);
  return snap;
}

/** Projects selected by an optional `project` query parameter (all when absent; 404 when it names no project). */
export function selectProjects(source: DataSource, projectId: string | null): ProjectInfo[] {
  const all = source.projects();
  if (projectId === null || projectId === '') return all;
  const hit = all.filter(p => p.id === projectId);
  if (hit.length === 0) throw new ApiError(404, 'project_not_found', `no project with id ${projectId}`);
  return hit;
}

/** A session found by id: the live session of a project, or a past one from history. */
export type FoundSession =
  | { current: true; projectId: string; session: Session }
  | { current: false; projectId: string; session: SessionSummary };

/**
 * Finds a session by its id (`<projectId>:<startedAt>`), accepting a bare project id as "that project's current session"
 * so simple clients need not know session ids.
 */
export function findSession(source: DataSource, id: string): FoundSession {
  for (const p of source.projects()) {
    const snap = source.snapshot(p.id);
    if (snap && (snap.session.id === id || p.id === id)) return { current: true, projectId: p.id, session: snap.session };
  }
  const past = source.history().find(s => s.id === id);
  if (past) return { current: false, projectId: past.projectId, session: past };
  throw new ApiError(404, 'session_not_found', `no session with id ${id}`);
}

/** The session to control: must be a project's current session. */
export function requireCurrentSession(source: DataSource, id: string): { projectId: string; session: Session } {
  const found = findSession(source, id);
  if (!found.current) throw new ApiError(409, 'session_ended', `session ${id} is not the current session of its project`);
  return { projectId: found.projectId, session: found.session };
}

/** Every task of a snapshot in board order, without the raw record (lists stay small). */
export function tasksOf(snap: ProjectSnapshot): Array<Task & { projectId: string }> {
  const out: Array<Task & { projectId: string }> = [];
  for (const column of Object.values(snap.columns)) {
    for (const t of column) {
      const { raw: _raw, ...rest } = t;
      out.push({ ...rest, projectId: snap.project.id });
    }
  }
  return out;
}

/** An optional non-negative integer query parameter within [min, max]; 400 otherwise. */
export function intParam(query: URLSearchParams, name: string, dflt: number | null, min: number, max: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return dflt;
  if (!/^\d+$/.test(raw)) throw new ApiError(400, 'bad_parameter', `${name} must be an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw new ApiError(400, 'bad_parameter', `${name} must be between ${min} and ${max}`);
  return n;
}

/** The body as an object, or 400. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'bad_body', 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A required string field of at most `max` characters; 400 otherwise. */
export function stringField(o: Record<string, unknown>, name: string, max: number, required = true): string {
  const v = o[name];
  if (v === undefined && !required) return '';
  if (typeof v !== 'string' || (required && v.trim() === '')) throw new ApiError(400, 'bad_body', `${name} must be a non-empty string`);
  if (v.length > max) throw new ApiError(413, 'payload_too_large', `${name} is longer than ${max} characters`);
  return v;
}
