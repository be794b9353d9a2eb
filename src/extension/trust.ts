import * as vscode from 'vscode';

/** An action the host refused and already explained to the user; command boundaries log it without a second popup. */
export class RefusedError extends Error {
  constructor(readonly reason: 'untrusted' | 'cancelled' | 'no-project' | 'no-cli' | 'busy', message: string) {
    super(message);
  }
  static is(e: unknown): e is RefusedError {
    return e instanceof RefusedError;
  }
}

const MANAGE = 'Manage Workspace Trust';

/**
 * Refuses a write action in restricted mode with an explanation. Session actions call it themselves because the
 * webview and the API server reach them without going through command enablement.
 */
export function requireTrust(what: string): void {
  if (vscode.workspace.isTrusted) return;
  const message = `${what} is disabled in Restricted Mode. Loki runs an AI agent that edits files and executes commands, so the dashboard stays read-only until you trust this workspace.`;
  void vscode.window.showWarningMessage(message, MANAGE).then(choice => {
    if (choice === MANAGE) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  throw new RefusedError('untrusted', message);
}
