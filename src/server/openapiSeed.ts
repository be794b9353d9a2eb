// OpenAPI entries of the app-graph and seed routes (issue 13), merged into openapi.ts's paths.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const err = (description: string): Json => json(ref('Error'), description);
const q = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({ name, in: 'query', required, description, schema });
const idParam = (description: string): Json => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string' } });
const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const control = (summary: string, okStatus: string, ok: Json, extra: Json = {}): Json => ({
  summary, security: [{ bearer: [] }],
  responses: { [okStatus]: ok, ...common, '404': err('Unknown project or task'), '409': err('Not possible in the current state'), '501': err('The server was started without control'), ...extra },
});
const common = { '401': err('Missing, invalid or revoked token'), '403': err('Origin not allowed, or the token lacks the scope') };
const read = (summary: string, ok: Json, extra: Json = {}): Json => ({ summary, security: [{ bearer: [] }], responses: { '200': ok, ...common, ...extra } });

const appSchema: Json = {
  type: 'object',
  properties: {
    appId: { type: 'string' }, roots: { type: 'array', items: { type: 'string' } }, members: { type: 'array', items: { type: 'string' } },
    projectIds: { type: 'array', items: { type: 'string' } }, costUsd: { type: 'number' }, running: { type: 'integer' }, pendingTasks: { type: 'integer' },
  },
};

/** The `?app=` query parameter shared by the list routes. */
export const appQuery: Json = q('app', 'Only projects of this app (`.loki/app.json` app_id)');

const projectOut = json({ type: 'object', properties: { project: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, path: { type: 'string' } } } } });
const okId = json({ type: 'object', properties: { ok: { type: 'boolean' }, id: { type: 'string' }, projectId: { type: 'string' } } });
const taskFields = { title: { type: 'string', maxLength: 1000 }, description: { type: 'string' }, priority: ref('TaskPriority') };

/** Merges the issue-13 paths into `paths` (methods of a path both define are kept side by side). */
export function withSeedPaths(paths: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...paths };
  for (const [p, ops] of Object.entries(seedPaths())) out[p] = { ...(out[p] ?? {}), ...ops };
  return out;
}

/** Paths added by issue 13. */
export function seedPaths(): Record<string, Json> {
  return {
    '/api/projects': {
      post: { ...control('Watch a folder as a project (remembered)', '201', projectOut, { '400': err('Not an absolute path to a folder') }), requestBody: body({ type: 'object', required: ['path'], properties: { path: { type: 'string' }, name: { type: 'string', maxLength: 200 } } }) },
    },
    '/api/projects/{id}': {
      put: { ...control('Rename a project', '200', projectOut, { '400': err('Bad body') }), parameters: [idParam('Project id')], requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 200 } } }) },
      delete: { ...control('Stop watching a project (no file is deleted)', '200', okId), parameters: [idParam('Project id')] },
    },
    '/api/sessions': {
      post: {
        ...control('Start a Loki session (`loki start`; in VS Code in its terminal)', '202', json({ type: 'object', properties: { ok: { type: 'boolean' }, projectId: { type: 'string' }, note: { type: 'string' } } }, 'Started'), { '400': err('Bad body') }),
        requestBody: body({ type: 'object', required: ['project'], properties: { project: { type: 'string' }, prd: { type: 'string', description: 'A spec file inside the project' }, brief: { type: 'string', description: 'A one-line brief instead of a spec' }, provider: { type: 'string', enum: ['claude', 'codex', 'cline', 'aider', 'opencode'] } } }),
      },
    },
    '/api/tasks/{id}': {
      get: { ...read('One task', json({ type: 'object', properties: { task: ref('Task') } }), { '404': err('Unknown project or task') }), parameters: [idParam('Task id'), q('project', 'Only in this project')] },
      put: { ...control('Edit a task you added; runner-owned tasks answer 409', '200', okId, { '400': err('Bad body') }), parameters: [idParam('Task id')], requestBody: body({ type: 'object', required: ['project'], properties: { project: { type: 'string' }, ...taskFields } }) },
      delete: { ...control('Delete a task you added; runner-owned tasks answer 409', '200', okId, { '400': err('Missing project') }), parameters: [idParam('Task id'), q('project', 'Project id', { type: 'string' }, true)] },
    },
    '/api/tasks/bulk': {
      post: {
        ...control('Add up to 100 tasks to the pending queue (all checked before any is written)', '201', json({ type: 'object', properties: { ids: { type: 'array', items: { type: 'string' } }, projectId: { type: 'string' } } }, 'Created'), { '400': err('Bad body'), '413': err('More than 100 tasks') }),
        requestBody: body({ type: 'object', required: ['project', 'tasks'], properties: { project: { type: 'string' }, tasks: { type: 'array', maxItems: 100, items: { type: 'object', required: ['title'], properties: taskFields } } } }),
      },
    },
    '/api/learnings': {
      post: {
        ...control('Add a learning to ~/.loki/learnings/<category>.jsonl (de-duplicated)', '201', json({ type: 'object', properties: { ok: { type: 'boolean' }, added: { type: 'boolean' } } }, 'Added (200 when the text was already known)'), { '400': err('Bad body') }),
        requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 10000 }, category: { type: 'string', enum: ['patterns', 'mistakes', 'successes'] }, project: { type: 'string' } } }),
      },
    },
    '/api/agents/active': { get: { ...read('Agents working right now', json({ type: 'object', properties: { agents: { type: 'array', items: ref('Agent') } } }), { '404': err('Unknown project or app') }), parameters: [q('project', 'Only this project'), appQuery] } },
    '/api/learnings/search': {
      get: {
        ...read('Learnings whose text matches q', json({ type: 'object', properties: { query: { type: 'string' }, total: { type: 'integer' }, learnings: { type: 'array', items: ref('Learning') } } }), { '400': err('Missing q'), '404': err('Unknown project') }),
        parameters: [q('q', 'Text to search for', { type: 'string' }, true), q('project', 'Only this project (global learnings included)'), q('limit', 'At most this many (1-500, default 50)', { type: 'integer' })],
      },
    },
    '/api/logs/stream': {
      get: {
        summary: 'New log lines of a project as Server-Sent Events: `id: <seq>`, `event: log`, `data: <LogEntry JSON>`; `: ping` comments keep it open',
        security: [{ bearer: [] }],
        responses: { '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...common, '400': err('Bad parameter'), '404': err('Unknown project'), '503': err('Too many streams') },
        parameters: [q('project', 'Project id', { type: 'string' }, true), q('level', 'Only this level and above', { type: 'string', enum: ['debug', 'info', 'warn', 'error'] }), q('tail', 'Send the last N lines first (0-1000, default 0)', { type: 'integer' })],
      },
    },
    '/api/apps': { get: read('Multi-repo apps (`.loki/app.json`) with their projects and summed cost', json({ type: 'object', properties: { apps: { type: 'array', items: appSchema } } })) },
  };
}
