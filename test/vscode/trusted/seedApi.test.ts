// Runs inside a real VS Code extension host (trusted workspace): seed API writes through the extension's server
// (a project added over HTTP, a session started over HTTP opens the project's terminal like the command) and
// app graphs grouping projects in the Projects tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { fakeLokiPath, hostApi, setSetting } from '../hostHelpers';
import { waitFor } from '../../fakes/waitFor';

type Generated = { id: string; scope: string; token: string };

describe('host: seed API and app graphs (trusted)', function () {
  this.timeout(90_000);
  let api: LokiDashboardApi;
  let url: string;
  let token: string;
  let tmp: string;
  const added: string[] = [];

  const call = async (method: string, p: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${url}${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    api = await hostApi();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'loki-host-seed-'));
    await setSetting('server.port', 0);
    await setSetting('cliPath', fakeLokiPath());
    url = await vscode.commands.executeCommand<string>('lokiDashboard.startServer');
    token = (await vscode.commands.executeCommand<Generated>('lokiDashboard.manageTokens', { action: 'generate', scope: 'control' })).token;
  });

  after(async () => {
    for (const id of added) await call('DELETE', `/api/projects/${id}`).catch(() => undefined);
    await vscode.commands.executeCommand('lokiDashboard.stopServer');
    const list = await vscode.commands.executeCommand<Array<{ id: string }>>('lokiDashboard.manageTokens', { action: 'list' });
    for (const t of list) await vscode.commands.executeCommand('lokiDashboard.manageTokens', { action: 'revoke', id: t.id });
    await setSetting('server.port', undefined);
    await setSetting('cliPath', undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('groups the projects of an app under the app in the Projects tree, and GET /api/apps lists it', async () => {
    for (const m of ['ui', 'api']) {
      mkdirSync(path.join(tmp, 'shop', m, '.loki'), { recursive: true });
      writeFileSync(path.join(tmp, 'shop', m, '.loki', 'app.json'), '{"schema_version":1,"app_id":"shop"}');
      const res = await call('POST', '/api/projects', { path: path.join(tmp, 'shop', m) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      added.push((res.body.project as { id: string }).id);
    }
    // Discovery runs per project as each is added: wait until both sit under the app.
    const app = await waitFor('the app row with both projects', () => api.trees.projects.getChildren().find(n => n.kind === 'app' && n.app.appId === 'shop' && n.projects.length === 2));
    assert.equal(api.trees.projects.getTreeItem(app).label, 'shop');
    assert.deepEqual(api.trees.projects.getChildren(app).map(n => n.project?.name).sort(), ['api', 'ui']);
    const apps = (await call('GET', '/api/apps')).body.apps as Array<{ appId: string; projectIds: string[] }>;
    assert.deepEqual(apps.find(a => a.appId === 'shop')?.projectIds.sort(), [...added].sort());
  });

  it('starts a session over POST /api/sessions in the project terminal, like the command', async () => {
    const folder = path.join(tmp, 'fresh');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'prd.md'), '# Todo\n\n## Requirements\n- Add todos\n');
    const res = await call('POST', '/api/projects', { path: folder, name: 'Fresh' });
    const id = (res.body.project as { id: string }).id;
    added.push(id);
    const started = await call('POST', '/api/sessions', { project: id, prd: 'prd.md' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const terminal = await waitFor('the session terminal', () => api.terminalFor(id));
    assert.equal(terminal.name, 'Loki: Fresh');
    await waitFor('the session running', () => api.core.snapshot(id)?.session.alive, 30_000);
    assert.equal((await call('POST', '/api/sessions', { project: id })).status, 409, 'a second start is refused');
    assert.equal((await call('POST', `/api/sessions/${id}/stop`)).status, 202);
    await waitFor('the session to end', () => api.core.snapshot(id)?.session.alive === false, 30_000);
  });
});
