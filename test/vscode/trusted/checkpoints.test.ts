// Real VS Code host: checkpoints of a simulated run in a real git repository: the tree lists them, Compare opens the
// multi-file diff with the right files, Roll Back (confirmed through the test seam) and Undo restore everything,
// and a running session is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../../../src/core/checkpoints/checkpointGit';
import type { RollbackResult } from '../../../src/core/checkpoints/rollback';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import type { ProjectNode } from '../../../src/extension/trees/projectsTree';
import { runSimulation } from '../../../src/simulator/simulation';
import { waitFor } from '../../fakes/waitFor';
import { hostApi } from '../hostHelpers';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('host: checkpoints (trusted)', function () {
  this.timeout(90_000);
  let api: LokiDashboardApi;
  let root: string;
  let dir: string;
  let projectId: string;
  let confirm: LokiDashboardApi['checkpoints']['confirm'];

  before(async () => {
    api = await hostApi();
    confirm = api.checkpoints.confirm;
    root = mkdtempSync(path.join(tmpdir(), 'loki-cp-host-'));
    dir = path.join(root, 'proj');
    execFileSync('mkdir', ['-p', dir]);
    const res = await runSimulation({ dir, speed: 400, iterations: 3, homeDir: path.join(root, 'home'), git: true });
    assert.ok(res.exitCode === 0 || res.exitCode === 20);
    projectId = (await api.core.addProject(dir)).id;
  });

  after(async () => {
    api.checkpoints.confirm = confirm;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api.core.removeProject(projectId);
    rmSync(root, { recursive: true, force: true });
  });

  const checkpointNodes = async (): Promise<ProjectNode[]> => {
    const tree = api.trees.projects;
    const project = tree.getChildren().find(n => n.project.id === projectId)!;
    const session = tree.getChildren(project).find(n => n.kind === 'session');
    const folder = session && tree.getChildren(session).find(n => n.kind === 'checkpoints');
    return folder ? tree.getChildren(folder) : [];
  };

  it('lists the checkpoints under the session in the Projects tree, newest first', async () => {
    const nodes = await waitFor('checkpoints in the tree', async () => { const n = await checkpointNodes(); return n.length === 4 ? n : null; }, 20_000);
    const items = nodes.map(n => api.trees.projects.getTreeItem(n));
    assert.deepEqual(items.map(i => (typeof i.label === 'string' ? i.label : i.label?.label ?? '').split(' · ')[0]), ['Iteration 3', 'Iteration 3', 'Iteration 2', 'Iteration 1']);
    assert.match(String(items[3]!.description), /[0-9a-f]{7}/, 'short sha');
    assert.equal(items[3]!.command?.command, 'lokiDashboard.compareCheckpoint');
  });

  it('Compare with Working Tree opens the multi-file diff with the changed files', async () => {
    const nodes = await checkpointNodes();
    const first = nodes[3]!;
    assert.equal(first.kind, 'checkpoint');
    const cp = first.kind === 'checkpoint' ? first.checkpoint : undefined;
    const expected = git(dir, 'diff', '--name-only', cp!.snapshotSha ?? cp!.sha!).trim().split('\n').filter(Boolean).sort();
    assert.ok(expected.length >= 2);
    const files = await vscode.commands.executeCommand<FileChange[]>('lokiDashboard.compareCheckpoint', first);
    assert.deepEqual(files.map(f => f.path).sort(), expected);
    await waitFor('the multi-file diff editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label.startsWith(`Changes since ${cp!.id}`), 15_000);
    // The editor asks for the left side of every changed file that existed at the checkpoint, and nothing else.
    const withLeft = files.filter(f => f.status === 'modified' || f.status === 'deleted').map(f => f.path).sort();
    const lefts = await waitFor('the diff editor to load the checkpoint side of each file', () => {
      const docs = vscode.workspace.textDocuments.filter(d => d.uri.scheme === 'loki-checkpoint' && d.uri.query.includes(JSON.stringify(dir).slice(1, -1)));
      const paths = [...new Set(docs.map(d => d.uri.path.slice(1)))].sort();
      return paths.length === withLeft.length ? docs : null;
    }, 15_000);
    assert.deepEqual([...new Set(lefts.map(d => d.uri.path.slice(1)))].sort(), withLeft);
    for (const doc of lefts) {
      assert.equal(doc.getText(), git(dir, 'show', `${cp!.snapshotSha ?? cp!.sha}:${doc.uri.path.slice(1)}`), `${doc.uri.path} is the file at the checkpoint`);
    }
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab!;
    const diffs = (tab.input as { textDiffs?: Array<{ original?: vscode.Uri; modified?: vscode.Uri }> }).textDiffs ?? [];
    // VS Code fills textDiffs once the editor resolved its resources; when it has, they must be exactly ours.
    if (diffs.length) assert.deepEqual([...new Set(diffs.map(d => path.relative(dir, d.modified!.fsPath)))].sort(), expected);
  });

  it('refuses to roll back while the session runs', async () => {
    const cp = (await api.services.checkpoints.service.list({ id: projectId, name: 'proj', path: dir }))[2]!;
    const head = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(path.join(dir, '.loki', 'loki.pid'), `${process.pid}\n`);
    try {
      await waitFor('the session to look alive', async () => { await api.core.refresh(projectId); return api.core.snapshot(projectId)?.session.alive; });
      let asked = false;
      api.checkpoints.confirm = () => { asked = true; return Promise.resolve(true); };
      const r = await vscode.commands.executeCommand('lokiDashboard.rollbackToCheckpoint', projectId, cp.id);
      assert.equal(r, undefined);
      assert.equal(asked, false, 'refused before any confirmation');
      assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    } finally {
      rmSync(path.join(dir, '.loki', 'loki.pid'), { force: true });
      await api.core.refresh(projectId);
    }
  });

  it('rolls back after a confirmation naming files and commits, and Undo restores the uncommitted edit', async () => {
    await waitFor('the session to be idle', async () => { await api.core.refresh(projectId); return api.core.snapshot(projectId)?.session.alive === false; });
    const cp = (await api.services.checkpoints.service.list({ id: projectId, name: 'proj', path: dir })).find(c => c.iteration === 1)!;
    appendFileSync(path.join(dir, 'README.md'), 'uncommitted line\n');
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    let text = { message: '', detail: '' };
    api.checkpoints.confirm = (message, detail) => { text = { message, detail }; return Promise.resolve(true); };
    const result = await vscode.commands.executeCommand<RollbackResult>('lokiDashboard.rollbackToCheckpoint', projectId, cp.id);
    assert.ok(result, 'rolled back');
    assert.match(text.message, new RegExp(cp.id));
    assert.match(text.detail, /README\.md/);
    assert.match(text.detail, /Commits after the checkpoint that leave main \(2\)/);
    assert.match(text.detail, /iteration 3/);
    assert.equal(git(dir, 'rev-parse', 'HEAD').trim(), cp.sha);
    assert.notEqual(readFileSync(path.join(dir, 'README.md'), 'utf8'), readme);

    const undone = await vscode.commands.executeCommand<string>('lokiDashboard.undoRollback', projectId);
    assert.equal(undone, result.restorePoint.id);
    assert.equal(git(dir, 'rev-parse', 'HEAD').trim(), head);
    assert.equal(readFileSync(path.join(dir, 'README.md'), 'utf8'), readme, 'the uncommitted edit is back');
  });
});
