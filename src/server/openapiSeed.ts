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
    '/api/apps': { get: read('Multi-repo apps (`.loki/app.json`) with their projects and summed cost', json({ type: 'object', properties: { apps: { type: 'array', items: appSchema } } })) },
  };
}
