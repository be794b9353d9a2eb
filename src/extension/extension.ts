import * as vscode from 'vscode';

/** Entry point (replaced by the host helper with the real wiring). */
export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel('Loki', { log: true });
  context.subscriptions.push(channel);
  channel.info('Loki Mode Dashboard activated');
}

export function deactivate(): void {}
