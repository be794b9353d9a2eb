// The harness's first contents: the built extension loads and wires up inside a real VS Code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, hostApi } from '../hostHelpers';

describe('activation in a real VS Code (trusted multi-root workspace)', function () {
  this.timeout(60_000);

  it('runs in a VS Code the manifest accepts (1.100.x, or 1.90.x with test:vscode:min) with the workspace folder containing .loki', () => {
    assert.match(vscode.version, /^1\.(100|90)\./);
    assert.equal(vscode.workspace.isTrusted, true);
    assert.ok((vscode.workspace.workspaceFolders ?? []).length >= 2, 'multi-root workspace');
  });

  it('activates and reads the .loki project', async () => {
    const api = await hostApi();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const projects = api.core.projects();
    assert.ok(projects.some(p => p.name === 'projA'), `projects: ${projects.map(p => p.name).join(', ')}`);
    const a = projects.find(p => p.name === 'projA')!;
    const snap = api.core.snapshot(a.id);
    assert.ok(snap, 'snapshot of projA');
    // The fixture is the real claude-todo run's final tree: 9 completed cards and the stale TodoWrite item.
    assert.equal(snap.columns.completed.length, 9);
    assert.deepEqual(snap.columns.in_progress.map(t => t.id), ['todo-0']);
    assert.equal(snap.session.iteration, 4);
  });

  it('keeps its history in this workspace\'s storage folder as the file\'s only writer', async () => {
    const api = await hostApi();
    const storage = api.services.context.storageUri;
    assert.ok(storage, 'a workspace window has a storage folder');
    await api.whenHistoryLoaded();
    assert.equal(api.services.store.persistent, true);
    await api.services.store.flush();
    const file = vscode.Uri.joinPath(storage, 'loki-dashboard.sqlite');
    assert.ok((await vscode.workspace.fs.stat(file)).size > 0, 'the database was saved there');
    const lock = (await vscode.workspace.fs.readFile(vscode.Uri.joinPath(storage, 'loki-dashboard.sqlite.lock'))).toString();
    assert.ok(lock.startsWith(`${process.pid} `), `the writer lock names this extension host (${lock})`);
  });

  it('registers every command declared in package.json', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const pkg = JSON.parse(readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = pkg.contributes.commands.map(c => c.command).filter(c => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('resolves the three views', async () => {
    for (const view of ['lokiDashboard.projects', 'lokiDashboard.agents', 'lokiDashboard.learnings']) {
      await vscode.commands.executeCommand(`${view}.focus`);
    }
    const api = await hostApi();
    const roots = api.trees.projects.getChildren();
    assert.ok(Array.isArray(roots) && roots.length >= 1, 'projects tree has a root item');
  });

  it('has the Loki output channel', async () => {
    await vscode.commands.executeCommand('lokiDashboard.showLog');
    const api = await hostApi();
    assert.equal(api.services.channel.name, 'Loki');
  });
});
