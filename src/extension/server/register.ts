// Registers the optional API server and its commands; the server itself lives in src/server.
import * as vscode from 'vscode';
import { config } from '../config';
import type { ExtensionServices } from '../services';
import { SecretTokenStore } from './secretTokenStore';
import { ServerController } from './serverController';
import { manageTokens } from './tokenCommands';
import { registerGuardedCommand } from '../commandBoundary';
import { errorMessage, toError } from '../../core/errors';

/** Registers `lokiDashboard.startServer|stopServer|copyServerUrl|manageTokens` and starts the server when enabled. */
export function registerServer(svc: ExtensionServices): vscode.Disposable {
  const tokens = new SecretTokenStore(svc.context.secrets, svc.log);
  const controller = new ServerController(svc, tokens);
  const disposables: vscode.Disposable[] = [
    controller,
    tokens,
    registerGuardedCommand(svc, 'startServer', async () => {
      const url = await controller.start();
      if (!tokens.hasTokens()) {
        void vscode.window.showWarningMessage(`Loki API server on ${url}. Every route but /health needs a token, and none exists yet.`, 'Create Token').then(c => {
          if (c) void vscode.commands.executeCommand('lokiDashboard.manageTokens');
        });
      } else {
        void vscode.window.showInformationMessage(`Loki API server on ${url}`, 'Copy URL').then(c => {
          if (c) void vscode.commands.executeCommand('lokiDashboard.copyServerUrl');
        });
      }
      return url;
    }, 'Could not start the Loki API server'),
    registerGuardedCommand(svc, 'stopServer', () => controller.stop(), 'Could not stop the Loki API server'),
    registerGuardedCommand(svc, 'copyServerUrl', async () => {
      const url = controller.url;
      if (!url) {
        void vscode.window.showInformationMessage('The Loki API server is not running.', 'Start API Server').then(c => {
          if (c) void vscode.commands.executeCommand('lokiDashboard.startServer');
        });
        return undefined;
      }
      // asExternalUri sets up port forwarding under Remote-SSH, WSL, containers and Codespaces and returns the reachable address.
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
      const text = external.toString(true).replace(/\/$/, '');
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied ${text} (WebSocket: ${text.replace(/^http/, 'ws')}/ws)`);
      return text;
    }),
    registerGuardedCommand(svc, 'manageTokens', arg => manageTokens(tokens, arg), 'Managing API tokens failed'),
  ];
  if (config.serverEnabled) {
    controller.applySettings().catch(err => {
      svc.log.error(toError(err));
      void vscode.window.showErrorMessage(`Loki API server did not start: ${errorMessage(err)}`, 'Show Log').then(c => { if (c) svc.channel.show(true); });
    });
  }
  return vscode.Disposable.from(...disposables);
}
