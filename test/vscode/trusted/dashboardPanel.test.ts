// The dashboard panel inside a real VS Code: one panel per window, reopened rather than duplicated.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hostApi } from '../hostHelpers';
import { waitFor } from '../../fakes/waitFor';

function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('lokiDashboard.dashboard'));
}

describe('dashboard panel in a real VS Code', function () {
  this.timeout(60_000);

  after(async () => {
    await vscode.window.tabGroups.close(dashboardTabs());
  });

  it('opens one "Loki Dashboard" webview panel and reveals it again instead of opening a second', async () => {
    const api = await hostApi();
    await vscode.commands.executeCommand('lokiDashboard.openDashboard');
    const tab = await waitFor('a dashboard tab', () => (dashboardTabs().length === 1 ? dashboardTabs()[0] : undefined));
    assert.equal(tab.label, 'Loki Dashboard');
    const projectId = api.core.projects()[0]?.id;
    await vscode.commands.executeCommand('lokiDashboard.openDashboard', projectId);
    await vscode.commands.executeCommand('lokiDashboard.openDashboard', { projectId });
    // Tab changes reach the extension host in order: once a tab opened after the two calls is seen, a second
    // dashboard tab (had one been opened) would be seen too.
    const marker = vscode.Uri.joinPath(api.services.context.extensionUri, 'package.json');
    await vscode.window.showTextDocument(marker, { preview: false, preserveFocus: true });
    const markerTab = await waitFor('the marker tab', () => vscode.window.tabGroups.all.flatMap(g => g.tabs)
      .find(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === marker.toString()));
    assert.equal(dashboardTabs().length, 1);
    await vscode.window.tabGroups.close(markerTab);
  });

  it('opens again after the panel was closed', async () => {
    await vscode.window.tabGroups.close(dashboardTabs());
    await waitFor('no dashboard tab', () => dashboardTabs().length === 0);
    await vscode.commands.executeCommand('lokiDashboard.openDashboard');
    await waitFor('a new dashboard tab', () => dashboardTabs().length === 1);
  });
});
