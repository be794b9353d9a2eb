// Real VS Code host: the demo runs the bundled simulator in a folder outside the workspace and binds it like a session.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { hostApi } from '../hostHelpers';
import { waitFor } from '../../fakes/waitFor';

describe('host: demo session (trusted)', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let folder: string;

  before(async () => {
    api = await hostApi();
    folder = mkdtempSync(path.join(tmpdir(), 'loki-demo-'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs the simulator in a terminal, registers the folder as a project and shows it running', async () => {
    const id = await vscode.commands.executeCommand<string>('lokiDashboard.startDemo', { folder, openDashboard: false });
    assert.ok(id, 'startDemo returns the project id');
    const project = api.core.projects().find(p => p.id === id);
    assert.equal(project && path.resolve(project.path), path.resolve(folder));
    const terminal = api.terminalFor(id);
    assert.ok(terminal);
    const opts = terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(opts.shellArgs?.[1], 'simulate');
    assert.equal(opts.shellArgs?.[2], folder);
    assert.match(String(opts.shellArgs?.[0]), /dist[\\/]cli\.js$/);
    await waitFor('the simulator to write .loki', () => existsSync(path.join(folder, '.loki')), 20_000);
    await waitFor('the demo session to run', () => api.core.snapshot(id)?.session.alive === true, 20_000);
    await waitFor('the status bar to show it', () => api.statusBar().projectId === id && /sync~spin/.test(api.statusBar().text), 5000);
  });

  it('stops the demo and forgets the project without deleting its files', async () => {
    const id = api.core.projects().find(p => path.resolve(p.path) === path.resolve(folder))!.id;
    const terminal = api.terminalFor(id)!;
    await api.services.sessions.stop(id);
    await waitFor('the simulator to exit', () => terminal.exitStatus !== undefined, 30_000);
    await vscode.commands.executeCommand('lokiDashboard.removeProject', id);
    assert.ok(!api.core.projects().some(p => p.id === id));
    assert.ok(existsSync(path.join(folder, '.loki')));
  });
});
