// Read routes of the seed API: active agents, learning search and the SSE log stream.
import type { LogLevel } from '../core/domain';
import { filterByApp } from './appRoutes';
import { ApiError } from './httpUtil';
import type { LogStreams } from './logStreams';
import { intParam, requireSnapshot, selectProjects } from './lookup';
import type { RouteDef } from './router';
import type { AppSource, DataSource } from './types';

const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error'];

/** The seed read routes; the stream route needs the server's LogStreams. */
export function seedReadRoutes(source: DataSource, apps: AppSource | undefined, streams: LogStreams | undefined): RouteDef[] {
  return [
    {
      method: 'GET', path: '/api/agents/active', scope: 'read', summary: 'Agents working right now, optionally by project or app',
      handler: ctx => {
        const projects = filterByApp(apps, selectProjects(source, ctx.query.get('project')), ctx.query.get('app'));
        const agents = projects.flatMap(p => source.snapshot(p.id)?.agents ?? []).filter(a => a.status === 'active');
        return { status: 200, body: { agents } };
      },
    },
    {
      method: 'GET', path: '/api/learnings/search', scope: 'read', summary: 'Learnings whose text matches q, optionally by project',
      handler: ctx => {
        const q = (ctx.query.get('q') ?? '').trim();
        if (q === '') throw new ApiError(400, 'bad_parameter', 'q is required');
        if (q.length > 1000) throw new ApiError(400, 'bad_parameter', 'q is longer than 1000 characters');
        const projectId = ctx.query.get('project');
        if (projectId) selectProjects(source, projectId);
        const limit = intParam(ctx.query, 'limit', 50, 1, 500)!;
        const learnings = source.learnings(projectId || undefined, q);
        return { status: 200, body: { query: q, total: learnings.length, learnings: learnings.slice(0, limit) } };
      },
    },
    {
      method: 'GET', path: '/api/logs/stream', scope: 'read', summary: 'New log lines of a project as Server-Sent Events (`event: log`)',
      handler: ctx => {
        const projectId = ctx.query.get('project');
        if (!projectId) throw new ApiError(400, 'bad_parameter', 'project is required');
        requireSnapshot(source, projectId);
        const level = ctx.query.get('level');
        if (level !== null && level !== '' && !LEVELS.includes(level)) throw new ApiError(400, 'bad_parameter', 'level must be one of debug, info, warn, error');
        const tail = intParam(ctx.query, 'tail', 0, 0, 1000)!;
        if (!streams) throw new ApiError(501, 'stream_unavailable', 'this server does not stream');
        if (!streams.hasRoom()) throw new ApiError(503, 'too_many_streams', 'too many open log streams');
        return { status: 200, body: null, stream: (res, headers) => streams.open(res, projectId, { tail, minLevel: (level || null) as LogLevel | null, headers }) };
      },
    },
  ];
}
