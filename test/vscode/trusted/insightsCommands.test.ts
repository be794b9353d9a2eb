// Runs inside a real VS Code extension host: *Loki: Export Session…* writes the file the user picked (the target Uri
// stands in for the save dialog) and *Loki: Show KPIs* answers Loki's KPI snapshot.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { waitFor } from '../../fakes/waitFor';
import { EXTENSION_ID, hostApi } from '../hostHelpers';

describe('host: export session and KPIs (trusted)', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let tmp: string;
  let projectId: string;

  before(async () => {
    api = await hostApi();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-host-export-'));
    const fixture = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/fixtures/loki-runs/claude-todo/final');
    await fs.cp(fixture, path.join(tmp, 'todo'), { recursive: true });
    projectId = String(await vscode.commands.executeCommand('lokiDashboard.addProject', path.join(tmp, 'todo')));
    await waitFor('the copied run to be read', () => api.core.snapshot(projectId)?.session.iteration === 4);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lokiDashboard.removeProject', projectId);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('exports CSV to the picked file', async () => {
    const target = vscode.Uri.file(path.join(tmp, 'picked', 'tasks.csv'));
    await fs.mkdir(path.dirname(target.fsPath));
    const written = await vscode.commands.executeCommand('lokiDashboard.exportSession', { projectId }, { format: 'csv', target });
    assert.equal(written, target.fsPath);
    const text = await fs.readFile(target.fsPath, 'utf8');
    const lines = text.split('\r\n');
    assert.equal(lines[0], 'status,id,title,created_at');
    assert.ok(lines.some(l => l.startsWith('completed,iteration-4,')));
  });

  it('exports Markdown to the picked file and opens it in a preview', async () => {
    const target = vscode.Uri.file(path.join(tmp, 'summary.md'));
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.exportSession', projectId, { format: 'markdown', target }), target.fsPath);
    const text = await fs.readFile(target.fsPath, 'utf8');
    assert.match(text, /^# Loki Mode Session Export\n/);
    assert.match(text, /\| Total cost \| \$0\.4174 \|/);
    await waitFor('a Markdown preview tab', () => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => /Preview/.test(t.label)));
  });

  it('exports a past session from the History row (its cards and their costs come from the store)', async () => {
    const oldId = api.core.snapshot(projectId)!.session.id;
    // A new run starts: the runner writes a new start time, so the finished run becomes history.
    for (const file of ['state/orchestrator.json', 'dashboard-state.json']) {
      const abs = path.join(tmp, 'todo', '.loki', file);
      await fs.writeFile(abs, (await fs.readFile(abs, 'utf8')).replace('2026-11-22T02:45:31Z', '2026-11-23T08:00:00Z'));
    }
    await waitFor('the finished run in History', () => api.core.history(projectId).some(s => s.id === oldId) && api.core.snapshot(projectId)!.session.id !== oldId);
    const target = vscode.Uri.file(path.join(tmp, 'past.json'));
    const row = { project: { id: projectId }, summary: { id: oldId } };
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.exportSession', row, { format: 'json', target }), target.fsPath);
    const doc = JSON.parse(await fs.readFile(target.fsPath, 'utf8')) as { live: boolean; session: { id: string }; iterations: Array<{ iteration: number; costUsd: number | null }> };
    assert.equal(doc.live, false);
    assert.equal(doc.session.id, oldId);
    assert.deepEqual(doc.iterations.map(r => [r.iteration, r.costUsd]), [[1, 0.1075], [2, 0.09], [3, 0.0908], [4, 0.129]]);
  });

  it('shows KPIs with Loki\'s fields', async () => {
    const kpis = await vscode.commands.executeCommand<{ efficiency: { iteration_count: number; total_cost_usd: number }; accuracy: { iteration_success_rate: number } }>('lokiDashboard.showKpis', projectId);
    assert.equal(kpis.efficiency.iteration_count, 4);
    assert.equal(kpis.efficiency.total_cost_usd, 0.4174);
    assert.equal(kpis.accuracy.iteration_success_rate, 1);
  });
});
