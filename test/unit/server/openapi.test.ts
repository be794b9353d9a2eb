import assert from 'node:assert/strict';
import { buildRoutes } from '../../../src/server/apiServer';
import { openApiDocument } from '../../../src/server/openapi';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Running } from './helpers/harness';
import { api, startServer } from './helpers/harness';

const key = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

describe('OpenAPI document', () => {
  let run: Running;
  before(async () => { run = await startServer(new FakeSource(makeSnapshot('p1'))); });
  after(() => run.server.close());

  it('lists exactly the routes of the router, with the right security', async () => {
    const routes = buildRoutes({ source: new FakeSource() }, { version: 'x', startedAt: 0, now: () => 0, connections: () => 0 });
    const res = await api(run.server.url, '/api/openapi.json', run.read);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>> };
    assert.equal(doc.openapi, '3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map(m => key(m, path))).sort();
    const routed = routes.map(r => key(r.method, r.path)).sort();
    assert.deepEqual(documented, routed);
    for (const r of routes) {
      const op = doc.paths[r.path]![r.method.toLowerCase()]!;
      assert.equal((op.security ?? []).length === 0, r.scope === 'public', `${key(r.method, r.path)} security`);
      for (const m of r.path.matchAll(/\{(\w+)\}/g)) {
        assert.ok(op.parameters?.some(p => p.in === 'path' && p.name === m[1]), `${key(r.method, r.path)} documents {${m[1]}}`);
      }
    }
  });

  it('documents 401 and 403 on every protected operation', () => {
    const doc = openApiDocument('1') as { paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.security.length === 0) continue;
        assert.ok(op.responses['401'] && op.responses['403'], `${method} ${path}`);
      }
    }
  });
});
