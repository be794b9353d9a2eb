// Team publisher mode of the extension: with `lokiDashboard.team.databaseUrl` set (off by default) and the workspace
// trusted, this window mirrors its projects to the team database like `serve --db`, and applies the hub's control
// requests for them. The database password lives in SecretStorage (*Loki: Set Team Database Password…*).
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { registerGuardedCommand } from '../commandBoundary';
import { config } from '../config';
import { sessionControl } from '../server/sessionControl';
import type { ExtensionServices } from '../services';
import { PublisherRunner, publishPlan } from './publisherRunner';

const PASSWORD_SECRET = 'lokiDashboard.team.databasePassword';

/** Starts publishing when the settings ask for it and follows settings, trust and password changes. */
export function registerTeamPublishing(svc: ExtensionServices): vscode.Disposable & { readonly runner: PublisherRunner } {
  const runner = new PublisherRunner({
    start: async plan => (await import('./startPublisher')).startPublisher(plan, { source: svc.core, apps: svc.apps, control: sessionControl(svc.sessions, svc.core) }, svc.log),
    log: svc.log,
    report: message => { void vscode.window.showWarningMessage(`Loki: ${message}`); },
  });
  const apply = async (): Promise<void> => {
    const url = config.teamDatabaseUrl;
    // The secret is read only when publishing is on: an unused feature costs nothing.
    const password = url ? await svc.context.secrets.get(PASSWORD_SECRET) : undefined;
    await runner.apply(publishPlan({ url, machine: config.teamMachine, trusted: svc.isTrusted(), password }));
  };
  const reapply = (): void => { apply().catch((err: unknown) => svc.log.warn(`team: ${errorMessage(err)}`)); };
  const subs: vscode.Disposable[] = [
    config.onDidChange(affects => { if (affects('team')) reapply(); }),
    vscode.workspace.onDidGrantWorkspaceTrust(reapply),
    svc.context.secrets.onDidChange(e => { if (e.key === PASSWORD_SECRET) reapply(); }),
    registerGuardedCommand(svc, 'setTeamDatabasePassword', async (arg?: unknown) => {
      const password = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
        title: 'Loki: Set Team Database Password', prompt: 'Password of the lokiDashboard.team.databaseUrl user (empty: remove it)', password: true, ignoreFocusOut: true,
      });
      if (password === undefined) return false;
      if (password) await svc.context.secrets.store(PASSWORD_SECRET, password);
      else await svc.context.secrets.delete(PASSWORD_SECRET);
      return true;
    }),
  ];
  reapply();
  return {
    runner,
    dispose: () => {
      for (const s of subs) s.dispose();
      // The publisher's last flush is awaited by its close; deactivate does not wait for it (the hub shows the projects offline).
      runner.close().catch(() => undefined);
    },
  };
}
