// The one error boundary of every command: refusals already explained are logged quietly, anything else is logged
// with its stack and shown once (with a Show Log button). Nothing thrown by a command reaches VS Code unhandled.
import * as vscode from 'vscode';
import { errorMessage, toError } from '../core/errors';
import type { Logger } from '../core/logger';
import { RefusedError } from './trust';

/** Where the boundary reports. */
export interface CommandBoundary {
  log: Logger;
  channel: vscode.LogOutputChannel;
}

/**
 * Registers `lokiDashboard.<id>` behind the boundary. `failure` names what failed in the message shown
 * (default "Loki"). A failed command resolves to undefined.
 */
export function registerGuardedCommand(b: CommandBoundary, id: string, fn: (...args: unknown[]) => unknown, failure = 'Loki'): vscode.Disposable {
  return vscode.commands.registerCommand(`lokiDashboard.${id}`, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (RefusedError.is(err)) {
        b.log.info(`${id}: ${err.message}`);
        return undefined;
      }
      b.log.error(toError(err));
      void vscode.window.showErrorMessage(`${failure}: ${errorMessage(err)}`, 'Show Log').then(c => { if (c) b.channel.show(true); });
      return undefined;
    }
  });
}
