// Registers the dashboard panel: the Open Dashboard command and the serializer that restores it after a reload.
import * as vscode from 'vscode';
import type { ExtensionServices } from '../services';
import { DASHBOARD_VIEW_TYPE, DashboardPanel } from './dashboardPanel';
import { registerGuardedCommand } from '../commandBoundary';

/** The project id carried by a command argument: a string, or a tree item with `projectId`/`project.id`/`id`. */
export function projectIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as { projectId?: unknown; project?: { id?: unknown }; id?: unknown };
  if (typeof o.projectId === 'string') return o.projectId;
  if (typeof o.project?.id === 'string') return o.project.id;
  return undefined;
}

/** Registers the dashboard webview panel. */
export function registerDashboard(svc: ExtensionServices): vscode.Disposable {
  const subs: vscode.Disposable[] = [
    registerGuardedCommand(svc, 'openDashboard', arg => { DashboardPanel.show(svc, projectIdFromArg(arg)); }, 'Could not open the Loki dashboard'),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: panel => {
        DashboardPanel.revive(svc, panel);
        return Promise.resolve();
      },
    }),
  ];
  return {
    dispose() {
      DashboardPanel.instance?.dispose();
      while (subs.length) subs.pop()!.dispose();
    },
  };
}
