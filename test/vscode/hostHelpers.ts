// Helpers of the host* suites (owned by the host engineer): get the extension's API, find the fixture projects, poll.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'loki-dashboard.loki-dashboard';

/** Activates the extension and waits for the first full read of every project. */
export async function hostApi(): Promise<LokiDashboardApi> {
  const ext = vscode.extensions.getExtension<LokiDashboardApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  await api.isReady();
  return api;
}

/** The workspace folders: those that had `.loki/` when the suite started, and those that did not. */
export function fixtureFolders(): { withLoki: vscode.WorkspaceFolder[]; withoutLoki: vscode.WorkspaceFolder[] } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return {
    withLoki: folders.filter(f => existsSync(path.join(f.uri.fsPath, '.loki'))),
    withoutLoki: folders.filter(f => !existsSync(path.join(f.uri.fsPath, '.loki'))),
  };
}

/** The path of the fake `loki` (test/fixtures/bin/loki) inside the extension under test. */
export function fakeLokiPath(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return path.join(ext.extensionPath, 'test', 'fixtures', 'bin', 'loki');
}

/** Sets a `lokiDashboard.*` user setting for the test (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('lokiDashboard').update(key, value, vscode.ConfigurationTarget.Global);
}
