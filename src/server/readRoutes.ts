// Read routes (scope `read`) and the public health check.
import type { LogLevel, ProjectSnapshot } from '../core/domain';
import { isTaskStatus } from '../core/domain';
import { ApiError } from './httpUtil';
import { findSession, intParam, requireSnapshot, selectProjects, tasksOf } from './lookup';
import type { RouteDef } from './router';
import type { DataSource } from './types';

/** What read routes need besides the data source. */
export interface ReadRouteDeps {
  source: DataSource;
  version: string;
  startedAt: number;
  now: () => number;
  connections: () => number;
  openapi: () => unknown;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** Largest page of `/api/logs`. */
export const MAX_LOG_PAGE = 1000;

function projectSummary(snap: ProjectSnapshot): Record<string, unknown> {
  const s = snap.session;
  return {
    id: snap.project.id,
    name: snap.project.name,
    path: snap.project.path,
    hasLoki: snap.hasLoki,
    version: snap.version,
    session: { id: s.id, status: s.status, phase: s.phase, iteration: s.iteration, provider: s.provider, alive: s.alive },
    pendingTasks: snap.columns.pending.length,
    runningAgents: snap.agents.filter(a => a.status === 'active').length,
  };
}

/** The read routes. */
export function readRoutes(d: ReadRouteDeps): RouteDef[] {
  const snapshots = (projectId: string | null): ProjectSnapshot[] =>
    selectProjects(d.source, projectId).flatMap(p => {
      const s = d.source.snapshot(p.id);
      return s ? [s] : [];
    });
  return [
    {
      method: 'GET', path: '/health', scope: 'public', summary: 'Liveness check (no token needed)',
      handler: () => {
        // A project stuck in a read never shows later changes: say so instead of "healthy" (names stay behind the token).
        const stuck = d.source.stuckProjects?.().length ?? 0;
        if (stuck === 0) return { status: 200, body: { status: 'healthy', service: 'loki-dashboard', version: d.version } };
        return { status: 503, body: { status: 'degraded', service: 'loki-dashboard', version: d.version, stuckProjects: stuck } };
      },
    },
    {
      method: 'GET', path: '/api/status', scope: 'read', summary: 'Server and per-project session status',
      handler: () => ({
        status: 200,
        body: {
          status: 'ok', service: 'loki-dashboard', version: d.version,
          uptimeSeconds: Math.floor((d.now() - d.startedAt) / 1000), connections: d.connections(),
          projects: snapshots(null).map(projectSummary),
        },
      }),
    },
    {
      method: 'GET', path: '/api/openapi.json', scope: 'read', summary: 'This API as an OpenAPI 3.1 document',
      handler: () => ({ status: 200, body: d.openapi() }),
    },
    {
      method: 'GET', path: '/api/projects', scope: 'read', summary: 'Watched projects',
      handler: () => ({ status: 200, body: { projects: snapshots(null).map(projectSummary) } }),
    },
    {
      method: 'GET', path: '/api/projects/{id}', scope: 'read', summary: 'Full snapshot of one project',
      handler: ctx => ({ status: 200, body: requireSnapshot(d.source, ctx.params.id!) }),
    },
    {
      method: 'GET', path: '/api/sessions', scope: 'read', summary: 'Current and past sessions',
      handler: ctx => {
        const projectId = ctx.query.get('project');
        selectProjects(d.source, projectId);
        return { status: 200, body: { sessions: d.source.history(projectId || undefined) } };
      },
    },
    {
      method: 'GET', path: '/api/sessions/{id}', scope: 'read', summary: 'One session (a project id means its current session)',
      handler: ctx => {
        const found = findSession(d.source, ctx.params.id!);
        return { status: 200, body: { current: found.current, projectId: found.projectId, session: found.session } };
      },
    },
    {
      method: 'GET', path: '/api/tasks', scope: 'read', summary: 'Tasks, optionally by project and status',
      handler: ctx => {
        const status = ctx.query.get('status');
        if (status !== null && status !== '' && !isTaskStatus(status)) throw new ApiError(400, 'bad_parameter', `status must be one of pending, in_progress, review, completed, failed`);
        const tasks = snapshots(ctx.query.get('project')).flatMap(tasksOf).filter(t => !status || t.status === status);
        return { status: 200, body: { tasks } };
      },
    },
    {
      method: 'GET', path: '/api/agents', scope: 'read', summary: 'Agents, optionally by project',
      handler: ctx => ({ status: 200, body: { agents: snapshots(ctx.query.get('project')).flatMap(s => s.agents) } }),
    },
    {
      method: 'GET', path: '/api/logs', scope: 'read', summary: 'Log lines of a project, newest last, paged backwards with `before`',
      handler: ctx => {
        const projectId = ctx.query.get('project');
        if (!projectId) throw new ApiError(400, 'bad_parameter', 'project is required');
        requireSnapshot(d.source, projectId);
        const level = ctx.query.get('level');
        if (level !== null && level !== '' && !(LOG_LEVELS as readonly string[]).includes(level)) throw new ApiError(400, 'bad_parameter', 'level must be one of debug, info, warn, error');
        const limit = intParam(ctx.query, 'limit', 200, 1, MAX_LOG_PAGE)!;
        const before = intParam(ctx.query, 'before', null, 0, Number.MAX_SAFE_INTEGER);
        const entries = d.source.logs(projectId, { beforeSeq: before, limit, level: (level || null) as LogLevel | null });
        // A full page means there may be older lines: the cursor is the oldest seq returned (exclusive bound of the next page).
        const next = entries.length >= limit && entries.length > 0 ? String(entries[0]!.seq) : null;
        return { status: 200, body: { entries, next } };
      },
    },
    {
      method: 'GET', path: '/api/learnings', scope: 'read', summary: 'Learnings, optionally by project and text',
      handler: ctx => {
        const projectId = ctx.query.get('project');
        if (projectId) selectProjects(d.source, projectId);
        const q = ctx.query.get('q');
        if (q !== null && q.length > 1000) throw new ApiError(400, 'bad_parameter', 'q is longer than 1000 characters');
        return { status: 200, body: { learnings: d.source.learnings(projectId || undefined, q || undefined) } };
      },
    },
  ];
}
