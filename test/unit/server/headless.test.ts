// `loki-dashboard serve` and `token` as separate processes, driven the way the README shows (curl-equivalent fetches, a ws client).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { makeTempDir } from '../../fakes/tempDir';
import { waitFor } from '../../fakes/waitFor';
import { Client } from './helpers/harness';
import { writeLiveProject } from './helpers/liveProject';

const MAIN = path.resolve(__dirname, '../../../src/cli/main.ts');
const ROOT = path.resolve(__dirname, '../../..');

interface Done { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Done>; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', d => (stdout += d));
  child.stderr.on('data', d => (stderr += d));
  const done = new Promise<Done>(resolve => child.on('close', code => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Done> {
  return cli(args, env).done;
}

describe('headless: loki-dashboard serve + token', function () {
  // Each CLI process compiles TypeScript through tsx on a shared 2-core machine.
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let env: NodeJS.ProcessEnv;
  let serve: ReturnType<typeof cli> | undefined;

  beforeEach(() => {
    tmp = makeTempDir('loki-headless-');
    env = { XDG_CONFIG_HOME: path.join(tmp.dir, 'config'), LOKI_DASHBOARD_HOME: path.join(tmp.dir, 'home') };
  });
  afterEach(async () => {
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await serve.done;
    }
    serve = undefined;
    tmp.cleanup();
  });

  it('token create prints one token, stores only its hash in a 0600 file; list and revoke manage it', async () => {
    const created = await runCli(['token', 'create', '--scope', 'control', '--name', 'ci'], env);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^loki_[A-Za-z0-9_-]{43}$/);
    const file = path.join(tmp.dir, 'config', 'loki-dashboard', 'tokens.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.ok(!(await fs.readFile(file, 'utf8')).includes(token));
    const listed = await runCli(['token', 'list', '--json'], env);
    const list = JSON.parse(listed.stdout) as Array<{ id: string; scope: string; name: string }>;
    assert.deepEqual(list.map(t => [t.scope, t.name]), [['control', 'ci']]);
    const revoked = await runCli(['token', 'revoke', list[0]!.id], env);
    assert.equal(revoked.code, 0);
    assert.equal((await runCli(['token', 'revoke', list[0]!.id], env)).code, 1);
    assert.equal((await runCli(['token', 'create', '--scope', 'admin'], env)).code, 2);
  });

  it('serve prints the URL; the README requests work; a file change reaches a ws client; revoke closes it', async () => {
    const project = path.join(tmp.dir, 'proj');
    writeLiveProject(project);
    const tokenFile = path.join(tmp.dir, 'tokens.json');
    const readTok = (await runCli(['token', 'create', '--scope', 'read', '--token-file', tokenFile], env)).stdout.trim();
    const ctlTok = (await runCli(['token', 'create', '--scope', 'control', '--token-file', tokenFile], env)).stdout.trim();

    serve = cli(['serve', project, '--port', '0', '--token-file', tokenFile], env);
    const running = serve;
    // The Project lines follow the URL line: wait for them, not just for the URL.
    const started = await waitFor(() => `serve to print its URL and project (stdout: ${running.stdout()})`, () => {
      if (running.child.exitCode !== null) return { exited: true } as const;
      const m = /^Listening on (http:\/\/127\.0\.0\.1:\d+)$(?:.|\n)*^Project ([0-9a-f]+) /m.exec(running.stdout());
      return m ? { exited: false, url: m[1]!, projectId: m[2]! } as const : null;
    }, 50_000);
    if (started.exited) assert.fail(`serve exited: ${(await running.done).stderr}`);
    const { url, projectId } = started;

    // curl http://127.0.0.1:57375/health
    assert.equal((await fetch(`${url}/health`)).status, 200);
    // curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:57375/api/projects
    assert.equal((await fetch(`${url}/api/projects`)).status, 401);
    const projects = (await (await fetch(`${url}/api/projects`, { headers: { Authorization: `Bearer ${readTok}` } })).json()) as { projects: Array<{ id: string }> };
    assert.deepEqual(projects.projects.map(p => p.id), [projectId]);
    // curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:57375/api/tasks?project=$PROJECT&status=pending"
    const tasks = (await (await fetch(`${url}/api/tasks?project=${projectId}&status=pending`, { headers: { Authorization: `Bearer ${readTok}` } })).json()) as { tasks: unknown[] };
    assert.equal(tasks.tasks.length, 2);
    // curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:57375/api/logs?project=$PROJECT&limit=100"
    const logs = (await (await fetch(`${url}/api/logs?project=${projectId}&limit=100`, { headers: { Authorization: `Bearer ${readTok}` } })).json()) as { entries: unknown[]; next: string | null };
    assert.ok(Array.isArray(logs.entries));

    const c = new Client(new WebSocket(`${url.replace('http', 'ws')}/ws?token=${readTok}`));
    await c.opened;
    c.send({ type: 'subscribe', channels: [`project:${projectId}`] });
    await c.nextOfType('subscribed');

    // curl -X POST -H "Authorization: Bearer $CONTROL_TOKEN" http://127.0.0.1:57375/api/sessions/$PROJECT/pause
    assert.equal((await fetch(`${url}/api/sessions/${projectId}/pause`, { method: 'POST', headers: { Authorization: `Bearer ${readTok}` } })).status, 403);
    const pause = await fetch(`${url}/api/sessions/${projectId}/pause`, { method: 'POST', headers: { Authorization: `Bearer ${ctlTok}` } });
    assert.equal(pause.status, 202);
    await c.nextOfType('session:paused');
    // A change made outside the API (the runner, a shell) arrives the same way.
    await fs.rm(path.join(project, '.loki', 'PAUSE'));
    await c.nextOfType('session:resumed');
    // curl -X POST ... -d '{"text":"Use PostgreSQL"}' .../api/sessions/$PROJECT/input
    const input = await fetch(`${url}/api/sessions/${projectId}/input`, { method: 'POST', headers: { Authorization: `Bearer ${ctlTok}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'Use PostgreSQL' }) });
    assert.equal(input.status, 202);
    assert.match(await fs.readFile(path.join(project, '.loki', 'HUMAN_INPUT.md'), 'utf8'), /Use PostgreSQL/);

    // Revoking from another process closes the open socket at once (serve follows the token file).
    const list = JSON.parse((await runCli(['token', 'list', '--json', '--token-file', tokenFile], env)).stdout) as Array<{ id: string; scope: string }>;
    const readId = list.find(t => t.scope === 'read')!.id;
    assert.equal((await runCli(['token', 'revoke', readId, '--token-file', tokenFile], env)).code, 0);
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    assert.equal((await fetch(`${url}/api/projects`, { headers: { Authorization: `Bearer ${readTok}` } })).status, 401);

    serve.child.kill('SIGTERM');
    const done = await serve.done;
    assert.equal(done.code, 0, done.stderr);
  });

  it('serve refuses a non-loopback bind while the token file is empty', async () => {
    const project = path.join(tmp.dir, 'proj');
    writeLiveProject(project);
    const done = await runCli(['serve', project, '--host', '0.0.0.0', '--port', '0', '--token-file', path.join(tmp.dir, 'none.json')], env);
    assert.equal(done.code, 1);
    assert.match(done.stderr, /non-loopback address needs at least one API token/);
  });
});
