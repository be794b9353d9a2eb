// STUB (owner: webview helper): registers the dashboard panel, its serializer and `lokiDashboard.openDashboard`.
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';

/** Registers the dashboard webview panel. */
export function registerDashboard(svc: ExtensionServices): vscode.Disposable {
  void svc;
  return { dispose() {} };
}
