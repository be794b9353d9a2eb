// STUB (owner: server helper): registers the optional API server and its commands.
import type * as vscode from 'vscode';
import type { ExtensionServices } from '../services';

/** Registers `lokiDashboard.startServer|stopServer|copyServerUrl|manageTokens` and starts the server when enabled. */
export function registerServer(svc: ExtensionServices): vscode.Disposable {
  void svc;
  return { dispose() {} };
}
