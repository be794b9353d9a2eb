// Real VS Code host in Restricted Mode: checkpoints are listed (files only), but git never runs and nothing is
// compared, rolled back or undone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckpointError } from '../../../src/core/checkpoints/git';
import type { ProjectInfo } from '../../../src/core/domain';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { runSimulation } from '../../../src/simulator/simulation';
import { waitFor } from '../../fakes/waitFor';
import { hostApi } from '../hostHelpers';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('host: checkpoints in restricted mode', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let root: string;
  let project: ProjectInfo;
  let confirm: LokiDashboardApi['checkpoints']['confirm'];

  before(async () => {
    api = await hostApi();
    confirm = api.checkpoints.confirm;
    root = mkdtempSync(path.join(tmpdir(), 'loki-cp-restricted-'));
    const dir = path.join(root, 'proj');
    mkdirSync(dir);
    await runSimulation({ dir, speed: 400, iterations: 2, homeDir: path.join(root, 'home'), git: true });
    project = await api.core.addProject(dir);
  });

  after(() => {
    api.checkpoints.confirm = confirm;
    api.core.removeProject(project.id);
    rmSync(root, { recursive: true, force: true });
  });

  it('lists checkpoints but refuses compare, rollback and undo without running git', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const svc = api.services.checkpoints;
    const list = await waitFor('the checkpoints to be read', async () => { const l = await svc.cache.refresh(project.id); return l.length === 3 ? l : null; });
    const head = git(project.path, 'rev-parse', 'HEAD');
    const status = git(project.path, 'status', '--porcelain');
    let asked = false;
    api.checkpoints.confirm = () => { asked = true; return Promise.resolve(true); };
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.compareCheckpoint', project.id, list[2]!.id), undefined);
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.rollbackToCheckpoint', project.id, list[2]!.id), undefined);
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.undoRollback', project.id), undefined);
    assert.equal(asked, false);
    // The extension's own CheckpointError class (the test bundle has its own copy), so match by name and reason.
    await assert.rejects(svc.service.changes(project, list[2]!.id), (e: unknown) => e instanceof Error && e.name === 'CheckpointError' && (e as Partial<CheckpointError>).reason === 'untrusted');
    assert.equal(git(project.path, 'rev-parse', 'HEAD'), head);
    assert.equal(git(project.path, 'status', '--porcelain'), status);
  });
});
