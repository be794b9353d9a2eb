// The OpenAPI 3.1 description of the HTTP API, written by hand (a test checks it against the route table both ways).
import { appQuery, withSeedPaths } from './openapiSeed';
import { DEFAULT_SERVER_PORT } from './types';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const err = (description: string): Json => json(ref('Error'), description);
const q = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({ name, in: 'query', required, description, schema });
const idParam = (description: string): Json => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string' } });
const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const list = (key: string, item: Json): Json => ({ type: 'object', required: [key], properties: { [key]: { type: 'array', items: item } } });

const common = { '401': err('Missing, invalid or revoked token'), '403': err('Origin not allowed, or the token lacks the scope') };
const read = (summary: string, ok: Json, extra: Json = {}): Json => ({ summary, security: [{ bearer: [] }], responses: { '200': ok, ...common, ...extra } });
const control = (summary: string, okStatus: string, ok: Json, extra: Json = {}): Json => ({
  summary, security: [{ bearer: [] }],
  responses: { [okStatus]: ok, ...common, '404': err('Unknown project, session or task'), '409': err('Not possible in the current state'), '501': err('The server was started without control'), ...extra },
});
const accepted = json({ type: 'object', properties: { ok: { type: 'boolean' }, action: { type: 'string' }, projectId: { type: 'string' }, sessionId: { type: 'string' } } }, 'Signal written');

/** The document served at `/api/openapi.json`. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Loki Mode Dashboard API',
      version,
      description: 'Read and steer Loki Mode runs. Every route but /health needs `Authorization: Bearer loki_…`; control routes need a token of scope `control`. WebSocket: `/ws` (see README).',
    },
    servers: [{ url: `http://127.0.0.1:${DEFAULT_SERVER_PORT}` }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A `loki_…` token created with `loki-dashboard token create` or *Loki: Manage API Tokens*.' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
        ProjectSummary: {
          type: 'object',
          properties: {
            id: { type: 'string' }, app: { type: ['string', 'null'] }, name: { type: 'string' }, path: { type: 'string' }, hasLoki: { type: 'boolean' }, version: { type: 'integer' },
            session: { type: 'object' }, pendingTasks: { type: 'integer' }, runningAgents: { type: 'integer' },
          },
        },
        ProjectSnapshot: { type: 'object', description: 'Everything known about one project (protocol.ts ProjectSnapshot).' },
        Session: { type: 'object', description: 'A current Session or a past SessionSummary (protocol.ts).' },
        Task: { type: 'object', required: ['id', 'title', 'status', 'priority', 'projectId'], properties: { id: { type: 'string' }, title: { type: 'string' }, status: ref('TaskStatus'), priority: ref('TaskPriority'), projectId: { type: 'string' } } },
        TaskStatus: { type: 'string', enum: ['pending', 'in_progress', 'review', 'completed', 'failed'] },
        TaskPriority: { type: 'string', enum: ['critical', 'high', 'medium', 'low'] },
        Agent: { type: 'object' },
        LogEntry: { type: 'object', required: ['seq', 'level', 'message'], properties: { seq: { type: 'integer' }, projectId: { type: 'string' }, timestamp: { type: ['string', 'null'] }, level: { type: 'string', enum: ['debug', 'info', 'warn', 'error'] }, source: { type: 'string' }, message: { type: 'string' } } },
        Learning: { type: 'object' },
        AttentionItem: {
          type: 'object', required: ['id', 'kind', 'severity', 'projectId', 'reason', 'evidence', 'actions'],
          properties: {
            id: { type: 'string' }, kind: { type: 'string' }, severity: { type: 'string', enum: ['high', 'medium', 'low'] }, projectId: { type: 'string' }, projectName: { type: 'string' },
            sessionId: { type: 'string' }, since: { type: ['string', 'null'] }, reason: { type: 'string' },
            evidence: { type: 'object', properties: { file: { type: 'string' }, field: { type: ['string', 'null'] } } },
            actions: { type: 'array', items: { type: 'string', enum: ['resume', 'sendInput', 'openEscalation', 'retryTask', 'openFile', 'raiseBudget', 'stop'] } }, taskId: { type: 'string' },
          },
        },
        Checkpoint: {
          type: 'object', required: ['id', 'projectId'], description: 'A runner checkpoint (state/checkpoints/, domain.ts CheckpointInfo); commitExists/changedFiles with facts=true',
          properties: { id: { type: 'string' }, projectId: { type: 'string' }, iteration: { type: ['integer', 'null'] }, taskId: { type: ['string', 'null'] }, task: { type: ['string', 'null'] }, timestamp: { type: ['string', 'null'] }, sha: { type: ['string', 'null'] }, snapshotSha: { type: ['string', 'null'] }, branch: { type: ['string', 'null'] }, hasState: { type: 'boolean' }, commitExists: { type: 'boolean' }, changedFiles: { type: ['integer', 'null'] } },
        },
        Kpis: {
          type: 'object', required: ['schema_version', 'generated_at', 'loki_dir', 'efficiency', 'accuracy', 'notes'],
          properties: { schema_version: { const: 1 }, generated_at: { type: 'string' }, loki_dir: { type: 'string' }, efficiency: { type: 'object' }, accuracy: { type: 'object' }, notes: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
    paths: withSeedPaths({
      '/health': { get: { summary: 'Liveness check (no token needed)', security: [], responses: { '200': json({ type: 'object', properties: { status: { const: 'healthy' }, service: { type: 'string' }, version: { type: 'string' } } }), '503': json({ type: 'object', properties: { status: { const: 'degraded' }, stuckProjects: { type: 'integer' } } }) } } },
      '/api/token': { get: read('The calling token: its scope and whether this server accepts its control requests', json({ type: 'object', properties: { id: { type: ['string', 'null'] }, name: { type: ['string', 'null'] }, scope: { type: ['string', 'null'], enum: ['read', 'control', null] }, expiresAt: { type: ['string', 'null'] }, control: { type: 'boolean' } } })) },
      '/api/status': { get: read('Server and per-project session status', json({ type: 'object', properties: { status: { type: 'string' }, version: { type: 'string' }, uptimeSeconds: { type: 'integer' }, connections: { type: 'integer' }, projects: { type: 'array', items: ref('ProjectSummary') } } })) },
      '/api/openapi.json': { get: read('This document', json({ type: 'object' })) },
      '/api/attention': { get: { ...read('What waits on a person ("Needs you"), most urgent first, optionally by project', json({ type: 'object', properties: { count: { type: 'integer' }, items: { type: 'array', items: ref('AttentionItem') } } }), { '404': err('Unknown project') }), parameters: [q('project', 'Only this project')] } },
      '/api/projects': { get: { ...read('Watched projects', json(list('projects', ref('ProjectSummary'))), { '404': err('Unknown app') }), parameters: [appQuery] } },
      '/api/projects/{id}': { get: { ...read('Full snapshot of one project', json(ref('ProjectSnapshot')), { '404': err('Unknown project') }), parameters: [idParam('Project id')] } },
      '/api/projects/{id}/kpis': { get: { ...read('KPIs of a project: the fields of `loki report kpis --json`; null means not measured', json(ref('Kpis')), { '404': err('Unknown project') }), parameters: [idParam('Project id')] } },
      '/api/sessions/{id}/export': {
        get: {
          ...read('Export a session (current or past) in one of Loki\'s export formats, as an attachment', {
            description: 'The export; `Content-Disposition: attachment; filename="…"`',
            content: { 'application/json': { schema: { description: 'json: the session document; timeline: an array of entries in time order' } }, 'text/markdown': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string', description: 'status,id,title,created_at (RFC 4180)' } } },
          }, { '400': err('Unknown format'), '404': err('Unknown session') }),
          parameters: [idParam('Session id (`<projectId>:<startedAt>`) or project id'), q('format', 'Export format (default json)', { type: 'string', enum: ['json', 'markdown', 'md', 'csv', 'timeline'] })],
        },
      },
      '/api/sessions': { get: { ...read('Current and past sessions', json(list('sessions', ref('Session'))), { '404': err('Unknown project') }), parameters: [q('project', 'Only this project')] } },
      '/api/sessions/{id}': { get: { ...read('One session; a project id means its current session', json({ type: 'object', properties: { current: { type: 'boolean' }, projectId: { type: 'string' }, session: ref('Session') } }), { '404': err('Unknown session') }), parameters: [idParam('Session id (`<projectId>:<startedAt>`) or project id')] } },
      '/api/sessions/{id}/pause': { post: { ...control('Pause the session (writes .loki/PAUSE)', '202', accepted), parameters: [idParam('Session or project id')] } },
      '/api/sessions/{id}/resume': { post: { ...control('Resume the session (removes .loki/PAUSE)', '202', accepted), parameters: [idParam('Session or project id')] } },
      '/api/sessions/{id}/stop': { post: { ...control('Stop the session (writes .loki/STOP)', '202', accepted), parameters: [idParam('Session or project id')] } },
      '/api/sessions/{id}/input': {
        post: {
          ...control('Send text to the session (appended to .loki/HUMAN_INPUT.md)', '202', accepted, { '400': err('Missing text'), '413': err('Text above 1 MiB') }),
          parameters: [idParam('Session or project id')],
          requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 1048576 } } }),
        },
      },
      '/api/tasks': {
        get: { ...read('Tasks, optionally by project and status', json(list('tasks', ref('Task'))), { '400': err('Bad status'), '404': err('Unknown project') }), parameters: [q('project', 'Only this project'), q('status', 'Only this column', ref('TaskStatus')), appQuery] },
        post: {
          ...control('Add a task to the pending queue', '201', json({ type: 'object', properties: { id: { type: 'string' }, projectId: { type: 'string' } } }, 'Created'), { '400': err('Bad body') }),
          requestBody: body({ type: 'object', required: ['project', 'title'], properties: { project: { type: 'string' }, title: { type: 'string', maxLength: 1000 }, description: { type: 'string' }, priority: ref('TaskPriority') } }),
        },
      },
      '/api/tasks/{id}/move': {
        put: {
          ...control('Move a user-movable task to another column', '200', json({ type: 'object', properties: { ok: { type: 'boolean' }, id: { type: 'string' }, projectId: { type: 'string' }, to: ref('TaskStatus') } }), { '400': err('Bad body') }),
          parameters: [idParam('Task id')],
          requestBody: body({ type: 'object', required: ['project', 'to'], properties: { project: { type: 'string' }, to: ref('TaskStatus') } }),
        },
      },
      '/api/agents': { get: { ...read('Agents, optionally by project', json(list('agents', ref('Agent'))), { '404': err('Unknown project') }), parameters: [q('project', 'Only this project'), appQuery] } },
      '/api/logs': {
        get: {
          ...read('Log lines of a project, newest last; page backwards with `before=<next>`', json({ type: 'object', properties: { entries: { type: 'array', items: ref('LogEntry') }, next: { type: ['string', 'null'], description: 'Pass as `before` for the previous page; null when there is none' } } }), { '400': err('Bad parameter'), '404': err('Unknown project') }),
          parameters: [q('project', 'Project id', { type: 'string' }, true), q('level', 'Only this level', { type: 'string', enum: ['debug', 'info', 'warn', 'error'] }), q('limit', 'Page size (1-1000, default 200)', { type: 'integer' }), q('before', 'Only lines with a smaller seq (the `next` cursor)', { type: 'integer' })],
        },
      },
      '/api/checkpoints': { get: { ...read('Checkpoints, newest first', json(list('checkpoints', ref('Checkpoint'))), { '404': err('Unknown project'), '501': err('No checkpoint support') }), parameters: [q('project', 'Only this project'), q('facts', 'true adds commitExists and changedFiles (runs git)')] } },
      '/api/checkpoints/{id}': {
        get: {
          ...read('One checkpoint, the files changed since it and the commits after it', json({ type: 'object', properties: { checkpoint: ref('Checkpoint'), files: { type: ['array', 'null'], items: { type: 'object', properties: { path: { type: 'string' }, status: { type: 'string', enum: ['added', 'modified', 'deleted', 'untracked'] } } } }, commitsAfter: { type: ['integer', 'null'] } } }), { '400': err('Ambiguous id: pass project'), '404': err('Unknown checkpoint') }),
          parameters: [idParam('Checkpoint id (cp-<iteration>-<epoch>)'), q('project', 'Project id (needed when several projects have the id)')],
        },
      },
      '/api/checkpoints/{id}/rollback': {
        post: {
          ...control('Roll back to the checkpoint: files to its commit and snapshot, .loki state to its copies. Refused while a session runs; the prior state is saved so Undo Last Rollback restores it', '200', json({ type: 'object', properties: { ok: { type: 'boolean' }, projectId: { type: 'string' }, checkpointId: { type: 'string' }, filesChanged: { type: 'integer' }, stateFilesRestored: { type: 'array', items: { type: 'string' } }, restorePoint: { type: 'string' } } }), { '400': err('Bad body') }),
          parameters: [idParam('Checkpoint id')],
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { project: { type: 'string' }, expectCommitsAfter: { type: 'integer', minimum: 0, description: 'Refuse (409) if the number of commits after the checkpoint differs (what the caller reviewed)' } } } } } },
        },
      },
      '/api/learnings': { get: { ...read('Learnings, optionally by project and text', json(list('learnings', ref('Learning'))), { '404': err('Unknown project') }), parameters: [q('q', 'Text to search for'), q('project', 'Only this project (global learnings included)')] } },
    }),
  };
}
