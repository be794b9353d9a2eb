// Runs inside a real VS Code extension host in Restricted Mode: everything is visible, nothing is written or launched.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { fakeLokiPath, fixtureFolders, hostApi, setSetting } from '../hostHelpers';

describe('host: restricted mode is read-only', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let folder: vscode.WorkspaceFolder;
  let projectId: string;
  let lokiDir: string;
  const listing = (): string => JSON.stringify([readdirSync(lokiDir).sort(), existsSync(path.join(lokiDir, 'queue')) ? readFileSync(path.join(lokiDir, 'queue', 'pending.json'), 'utf8') : '']);

  before(async () => {
    api = await hostApi();
    const { withLoki } = fixtureFolders();
    assert.ok(withLoki[0], 'the harness workspace has a folder with .loki');
    folder = withLoki[0];
    lokiDir = path.join(folder.uri.fsPath, '.loki');
    const p = api.core.projects().find(x => path.resolve(x.path) === path.resolve(folder.uri.fsPath));
    assert.ok(p, 'the .loki folder is a project in restricted mode too');
    projectId = p.id;
    await setSetting('cliPath', fakeLokiPath());
  });

  after(async () => {
    await setSetting('cliPath', undefined);
  });

  it('runs untrusted and still shows projects, trees and the status bar', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(api.services.isTrusted(), false);
    assert.ok((api.trees.projects.getChildren()).length >= 1);
    assert.equal(api.statusBar().visible, true);
    assert.match(api.statusBar().text, /Loki/);
  });

  it('refuses to launch a session, from the API and from the command', async () => {
    const before = vscode.window.terminals.length;
    await assert.rejects(api.services.sessions.start(projectId), /Restricted Mode/);
    await vscode.commands.executeCommand('lokiDashboard.startSession', projectId, 'none', 'claude').then(undefined, () => undefined);
    assert.equal(vscode.window.terminals.length, before);
    assert.equal(api.terminalFor(projectId), undefined);
  });

  it('refuses pause, resume, stop, input, add task and move without touching .loki', async () => {
    const before = listing();
    const s = api.services.sessions;
    await assert.rejects(s.pause(projectId), /Restricted Mode/);
    await assert.rejects(s.resume(projectId), /Restricted Mode/);
    await assert.rejects(s.stop(projectId), /Restricted Mode/);
    await assert.rejects(s.sendInput(projectId, 'hello'), /Restricted Mode/);
    await assert.rejects(s.addTask(projectId, { title: 't', description: '', priority: 'low' }), /Restricted Mode/);
    await assert.rejects(s.moveTask(projectId, 'prd-001', 'pending'), /Restricted Mode/);
    assert.equal(listing(), before);
    assert.ok(!existsSync(path.join(lokiDir, 'PAUSE')));
    assert.ok(!existsSync(path.join(lokiDir, 'STOP')));
    assert.ok(!existsSync(path.join(lokiDir, 'HUMAN_INPUT.md')));
  });

  it('refuses the demo too', async () => {
    const before = vscode.window.terminals.length;
    await vscode.commands.executeCommand('lokiDashboard.startDemo', { folder: folder.uri.fsPath, openDashboard: false });
    assert.equal(vscode.window.terminals.length, before);
  });
});
