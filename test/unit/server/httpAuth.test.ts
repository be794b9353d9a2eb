import assert from 'node:assert/strict';
import { request } from 'node:http';
import { nullLogger } from '../../../src/core/logger';
import { ApiServer, ApiServerError } from '../../../src/server/apiServer';
import { MemoryTokenStore } from '../../../src/server/tokens';
import { PACKAGE_VERSION } from '../../../src/server/version';
import type { ControlHandler } from '../../../src/server/types';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Running } from './helpers/harness';
import { api, refusedUpgrade, startServer } from './helpers/harness';

/** A control handler that records calls. */
function recordingControl(): ControlHandler & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    pause: async id => { calls.push(`pause ${id}`); },
    resume: async id => { calls.push(`resume ${id}`); },
    stop: async id => { calls.push(`stop ${id}`); },
    sendInput: async (id, text) => { calls.push(`input ${id} ${text}`); },
    addTask: async (id, t) => { calls.push(`add ${id} ${t.title} ${t.priority}`); return 'vscode-1'; },
    moveTask: async (id, taskId, to) => { calls.push(`move ${id} ${taskId} ${to}`); },
  };
}

describe('API server: authentication, Origin and scopes', () => {
  let run: Running;
  let control: ReturnType<typeof recordingControl>;
  const source = new FakeSource(makeSnapshot('p1'));

  before(async () => {
    control = recordingControl();
    run = await startServer(source, { control, allowedOrigins: ['http://localhost:3000'] });
  });
  after(() => run.server.close());

  it('answers /health without a token', async () => {
    const res = await api(run.server.url, '/health');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'healthy', service: 'loki-dashboard', version: PACKAGE_VERSION });
  });

  it('refuses every other route without a token with 401 and a JSON error', async () => {
    for (const path of ['/api/status', '/api/projects', '/api/openapi.json', '/api/nope']) {
      const res = await api(run.server.url, path);
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unauthorized');
    }
  });

  it('refuses a wrong or malformed token with 401', async () => {
    const forged = 'loki_' + 'A'.repeat(43);
    for (const t of [forged, 'nonsense', run.read + 'x']) {
      const res = await api(run.server.url, '/api/status', t);
      assert.equal(res.status, 401, t);
    }
  });

  it('does not take the token from the query string on plain HTTP (it would end up in logs)', async () => {
    const res = await api(run.server.url, `/api/status?token=${run.read}`);
    assert.equal(res.status, 401);
  });

  it('accepts a valid token', async () => {
    const res = await api(run.server.url, '/api/status', run.read);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; projects: Array<{ id: string }> };
    assert.equal(body.status, 'ok');
    assert.deepEqual(body.projects.map(p => p.id), ['p1']);
  });

  it('refuses a request whose Origin is not on the allowlist with 403, token or not', async () => {
    for (const t of [undefined, run.control]) {
      const res = await api(run.server.url, '/api/status', t, { headers: { Origin: 'https://evil.example' } });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
    }
    const health = await api(run.server.url, '/health', undefined, { headers: { Origin: 'null' } });
    assert.equal(health.status, 403, 'even /health refuses a foreign page');
  });

  it('serves an allowed Origin with CORS headers and answers its preflight', async () => {
    const res = await api(run.server.url, '/api/status', run.read, { headers: { Origin: 'http://localhost:3000' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const pre = await fetch(run.server.url + '/api/tasks', { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  });

  it('refuses a WebSocket upgrade from a foreign Origin with 403 before the handshake', async () => {
    const status = await refusedUpgrade(`${run.server.wsUrl}?token=${run.read}`, { origin: 'https://evil.example' });
    assert.equal(status, 403);
  });

  it('refuses a WebSocket upgrade without a token or with a bad one with 401', async () => {
    assert.equal(await refusedUpgrade(run.server.wsUrl), 401);
    assert.equal(await refusedUpgrade(`${run.server.wsUrl}?token=loki_${'B'.repeat(43)}`), 401);
  });

  it('refuses control routes to a read token with 403 and lets a control token through', async () => {
    const sid = encodeURIComponent(source.snapshot('p1')!.session.id);
    const routes: Array<[string, string, unknown]> = [
      ['POST', `/api/sessions/${sid}/pause`, undefined],
      ['POST', `/api/sessions/${sid}/resume`, undefined],
      ['POST', `/api/sessions/${sid}/stop`, undefined],
      ['POST', `/api/sessions/${sid}/input`, { text: 'use postgres' }],
      ['POST', '/api/tasks', { project: 'p1', title: 'Write docs', description: '', priority: 'high' }],
      ['PUT', '/api/tasks/prd-001/move', { project: 'p1', to: 'review' }],
    ];
    for (const [method, path, body] of routes) {
      const denied = await api(run.server.url, path, run.read, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.equal(denied.status, 403, `${method} ${path}`);
      assert.equal(((await denied.json()) as { error: { code: string } }).error.code, 'insufficient_scope');
    }
    assert.deepEqual(control.calls, [], 'nothing reached the handler');
    const statuses: number[] = [];
    for (const [method, path, body] of routes) {
      const ok = await api(run.server.url, path, run.control, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      statuses.push(ok.status);
    }
    assert.deepEqual(statuses, [202, 202, 202, 202, 201, 200]);
    assert.deepEqual(control.calls, ['pause p1', 'resume p1', 'stop p1', 'input p1 use postgres', 'add p1 Write docs high', 'move p1 prd-001 review']);
  });

  it('refuses a body above the limit with 413 without buffering it', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 80 * 1024) });
    const res = await api(run.server.url, '/api/sessions/p1/input', run.control, { method: 'POST', body: big });
    assert.equal(res.status, 413);
  });

  it('refuses a streamed body above the limit even without Content-Length', async () => {
    const url = new URL(run.server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/sessions/p1/input', method: 'POST', headers: { Authorization: `Bearer ${run.control}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      req.write('{"text":"');
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end('"}');
    });
    assert.equal(status, 413);
  });

  it('answers unknown routes 404 and wrong methods 405 once authenticated', async () => {
    assert.equal((await api(run.server.url, '/api/nope', run.read)).status, 404);
    assert.equal((await api(run.server.url, '/api/status', run.read, { method: 'POST', body: '{}' })).status, 405);
  });

  it('refuses a token the moment it is revoked', async () => {
    const t = await run.tokens.create('read');
    assert.equal((await api(run.server.url, '/api/status', t.token)).status, 200);
    assert.equal(await run.tokens.revoke(t.info.id), true);
    assert.equal((await api(run.server.url, '/api/status', t.token)).status, 401);
  });
});

describe('API server: bind address', () => {
  it('refuses a non-loopback bind while no token exists', async () => {
    const tokens = new MemoryTokenStore();
    await assert.rejects(
      ApiServer.start({ source: new FakeSource(), tokens, log: nullLogger, host: '0.0.0.0', port: 0 }),
      (e: unknown) => ApiServerError.is(e) && e.reason === 'insecure-bind',
    );
  });

  it('allows a non-loopback bind once a token exists, and still requires it', async () => {
    const tokens = new MemoryTokenStore();
    const { token } = await tokens.create('read');
    const server = await ApiServer.start({ source: new FakeSource(), tokens, log: nullLogger, host: '0.0.0.0', port: 0 });
    try {
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
      assert.equal((await api(server.url, '/api/status')).status, 401);
      assert.equal((await api(server.url, '/api/status', token)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('reports a busy port as address-in-use', async () => {
    const tokens = new MemoryTokenStore();
    const first = await ApiServer.start({ source: new FakeSource(), tokens, log: nullLogger, port: 0 });
    try {
      await assert.rejects(ApiServer.start({ source: new FakeSource(), tokens, log: nullLogger, port: first.port }), (e: unknown) => ApiServerError.is(e) && e.reason === 'address-in-use');
    } finally {
      await first.close();
    }
  });
});
