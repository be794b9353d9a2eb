// Runs inside a real VS Code extension host (trusted workspace): the API server commands, token management
// through command arguments (no modal UI), the clipboard, and control requests reaching the workspace's files.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import WebSocket from 'ws';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { fixtureFolders, hostApi, setSetting } from '../hostHelpers';
import { waitFor } from '../../fakes/waitFor';

type Generated = { id: string; scope: string; token: string };

describe('host: optional API server (trusted)', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let url: string;

  before(async () => {
    api = await hostApi();
    // Port 0: never collide with another window or a real dashboard on this machine.
    await setSetting('server.port', 0);
  });

  after(async () => {
    await vscode.commands.executeCommand('lokiDashboard.stopServer');
    const list = await vscode.commands.executeCommand<Array<{ id: string }>>('lokiDashboard.manageTokens', { action: 'list' });
    for (const t of list) await vscode.commands.executeCommand('lokiDashboard.manageTokens', { action: 'revoke', id: t.id });
    await setSetting('server.port', undefined);
  });

  it('is off by default and starts on loopback with the start command', async () => {
    assert.equal(vscode.workspace.getConfiguration('lokiDashboard').get('server.enabled'), false);
    url = await vscode.commands.executeCommand<string>('lokiDashboard.startServer');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.equal((await fetch(`${url}/api/projects`)).status, 401);
  });

  it('generates tokens through manageTokens arguments, stores them in SecretStorage as hashes, and the server accepts them', async () => {
    const read = await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'read', name: 'host test' });
    assert.match(read.token, /^loki_[A-Za-z0-9_-]{43}$/);
    const list = await vscode.commands.executeCommand<Array<{ id: string; name: string; scope: string }>>('lokiDashboard.manageTokens', { action: 'list' });
    assert.ok(list.some(t => t.id === read.id && t.name === 'host test' && t.scope === 'read'));
    const stored = await api.services.context.secrets.get('lokiDashboard.server.tokens');
    assert.ok(stored && !stored.includes(read.token), 'only hashes are kept');
    const res = await fetch(`${url}/api/projects`, { headers: { Authorization: `Bearer ${read.token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { projects: Array<{ id: string }> };
    assert.deepEqual(body.projects.map(p => p.id).sort(), api.core.projects().map(p => p.id).sort());
  });

  it('closes an open WebSocket with 1008 when its token is revoked', async () => {
    const t = await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'read' });
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?token=${t.token}`);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    const closed = new Promise<number>(resolve => ws.once('close', code => resolve(code)));
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.manageTokens', { action: 'revoke', id: t.id }), true);
    assert.equal(await closed, 1008);
    assert.equal((await fetch(`${url}/api/status`, { headers: { Authorization: `Bearer ${t.token}` } })).status, 401);
  });

  it('routes a control request through the session actions into the project files', async () => {
    const { withLoki } = fixtureFolders();
    const project = api.core.projects().find(p => p.path === withLoki[0]!.uri.fsPath) ?? api.core.projects()[0]!;
    const ctl = await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'control' });
    const read = await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'read' });
    const post = (token: string): Promise<Response> => fetch(`${url}/api/tasks`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project: project.id, title: 'Task from the API test', description: 'added over HTTP', priority: 'low' }),
    });
    assert.equal((await post(read.token)).status, 403);
    const res = await post(ctl.token);
    assert.equal(res.status, 201);
    const { id } = (await res.json()) as { id: string };
    await waitFor('the new task on the board', () => api.core.snapshot(project.id)?.columns.pending.some(t => t.id === id));
  });

  it('copies the server URL through asExternalUri to the clipboard', async () => {
    const copied = await vscode.commands.executeCommand<string>('lokiDashboard.copyServerUrl');
    assert.match(copied, /^https?:\/\//);
    assert.equal(await vscode.env.clipboard.readText(), copied);
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
    assert.equal(copied, external.toString(true).replace(/\/$/, ''));
  });

  it('restarts on a settings change and stops with the stop command', async () => {
    await setSetting('server.maxConnections', 1);
    try {
      const t = await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'read' });
      // The restart follows the configuration event; probe until the server in place enforces the new cap.
      const restarted = await waitFor('the restarted server to refuse a second connection (503)', async () => {
        const u = await vscode.commands.executeCommand<string>('lokiDashboard.startServer');
        const wsUrl = `${u.replace('http', 'ws')}/ws?token=${t.token}`;
        const first = new WebSocket(wsUrl);
        const opened = await new Promise<boolean>(resolve => { first.once('open', () => resolve(true)); first.once('error', () => resolve(false)); });
        if (!opened) return undefined;
        const status = await new Promise<number>(resolve => {
          const second = new WebSocket(wsUrl);
          second.on('unexpected-response', (_req, r) => { resolve(r.statusCode ?? 0); second.terminate(); });
          second.on('open', () => { resolve(101); second.terminate(); });
          second.on('error', () => resolve(0));
        });
        first.terminate();
        return status === 503 ? u : undefined;
      });
      url = restarted;
      // Stop before restoring the setting: a stopped, disabled server is not started again by that change.
      await vscode.commands.executeCommand('lokiDashboard.stopServer');
    } finally {
      await setSetting('server.maxConnections', undefined);
    }
    await assert.rejects(fetch(`${url}/health`));
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.copyServerUrl'), undefined);
  });
});
