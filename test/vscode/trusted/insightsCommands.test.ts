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

  it('shows KPIs with Loki\'s fields', async () => {
    const kpis = await vscode.commands.executeCommand<{ efficiency: { iteration_count: number; total_cost_usd: number }; accuracy: { iteration_success_rate: number } }>('lokiDashboard.showKpis', projectId);
    assert.equal(kpis.efficiency.iteration_count, 4);
    assert.equal(kpis.efficiency.total_cost_usd, 0.4174);
    assert.equal(kpis.accuracy.iteration_success_rate, 1);
  });
});
