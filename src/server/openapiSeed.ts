// OpenAPI entries of the app-graph and seed routes (issue 13), merged into openapi.ts's paths.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description = 'OK'): Json => ({ description, content: { 'application/json': { schema } } });
const err = (description: string): Json => json(ref('Error'), description);
const q = (name: string, description: string, schema: Json = { type: 'string' }, required = false): Json => ({ name, in: 'query', required, description, schema });
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

/** Paths added by issue 13. */
export function seedPaths(): Record<string, Json> {
  return {
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
