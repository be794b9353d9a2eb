// *Loki: Connect to Team Server…*: a hub URL and token (kept in SecretStorage) add a *Team* section, read-only unless
// the token has control scope (then *Control Remote Project…* sends actions through the hub).
import * as vscode from 'vscode';
import { Emitter } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import { errorMessage } from '../../core/errors';
import type { ExtensionServices } from '../services';
import { registerGuardedCommand } from '../commandBoundary';
import { requireTrust } from '../trust';
import { remoteActions } from './remoteActions';
import type { RemoteAction } from './remoteActions';
import { TeamClient } from './teamClient';

const URL_KEY = 'lokiDashboard.team.url';
const TOKEN_SECRET = 'lokiDashboard.team.token';

/** What the Projects tree reads. */
export interface TeamView {
  client(): TeamClient | undefined;
  readonly onDidChange: (listener: () => void) => Disposable;
}

/** Registers the connect/disconnect commands and reconnects to the last server. */
export function registerTeam(svc: ExtensionServices): TeamView & vscode.Disposable {
  const emitter = new Emitter<void>();
  let current: TeamClient | undefined;
  let sub: Disposable | undefined;
  const use = (c: TeamClient | undefined): void => {
    sub?.dispose();
    current?.dispose();
    current = c;
    sub = c?.onDidChange(() => emitter.fire());
    emitter.fire();
  };
  const connect = async (url: string, token: string): Promise<number> => {
    const client = new TeamClient(url.replace(/\/+$/, ''), token, svc.log);
    try {
      await client.connect();
    } catch (err) {
      client.dispose();
      throw err;
    }
    use(client);
    return client.projects().length;
  };
  const commands = [
    registerGuardedCommand(svc, 'connectTeamServer', async (raw?: unknown) => {
      const arg = raw as { url?: string; token?: string } | undefined;
      const url = arg?.url ?? await vscode.window.showInputBox({
        title: 'Loki: Connect to Team Server', prompt: 'URL of the team hub (loki-dashboard serve --hub)', placeHolder: 'http://hub.example:57380', ignoreFocusOut: true,
        validateInput: v => (/^https?:\/\/[^\s]+$/.test(v.trim()) ? null : 'An http:// or https:// URL'),
      });
      if (!url) return undefined;
      const token = arg?.token ?? await vscode.window.showInputBox({ title: 'Loki: Connect to Team Server', prompt: 'API token (loki_…)', password: true, ignoreFocusOut: true });
      if (!token) return undefined;
      try {
        const n = await connect(url.trim(), token.trim());
        await svc.context.secrets.store(TOKEN_SECRET, token.trim());
        await svc.context.globalState.update(URL_KEY, url.trim());
        if (!arg) void vscode.window.showInformationMessage(`Connected to ${url.trim()}: ${n} project(s) in the Team section.`);
        return n;
      } catch (err) {
        svc.log.error(err instanceof Error ? err : new Error(errorMessage(err)));
        void vscode.window.showErrorMessage(`Could not connect to ${url}: ${errorMessage(err)}`);
        return undefined;
      }
    }),
    registerGuardedCommand(svc, 'teamControl', async (raw?: unknown, rawAction?: unknown, rawArgs?: unknown) => {
      requireTrust('Controlling a remote project');
      const client = current;
      if (!client) throw new Error('not connected to a team server (Loki: Connect to Team Server…)');
      // From the tree: the remote node ({ snap }); from tests and scripts: a project id, an action and its arguments.
      const node = raw as { snap?: { project?: { id?: unknown } } } | string | undefined;
      const projectId = typeof node === 'string' ? node : typeof node?.snap?.project?.id === 'string' ? node.snap.project.id : undefined;
      const snap = client.projects().find(p => p.project.id === projectId);
      if (!snap) throw new Error(`no remote project ${String(projectId)}`);
      const offered = remoteActions(snap, client.canControl());
      if (offered.length === 0) throw new Error(client.canControl() ? `${snap.project.name}: no action possible now` : 'the team token has read scope only');
      const labels: Record<RemoteAction, string> = { pause: 'Pause', resume: 'Resume', stop: 'Stop', input: 'Send Input…', addTask: 'Add Task…' };
      const action = typeof rawAction === 'string' ? rawAction as RemoteAction
        : (await vscode.window.showQuickPick(offered.map(a => ({ label: labels[a], action: a })), { title: `${snap.project.name} (${client.url})` }))?.action;
      if (!action) return undefined;
      if (!offered.includes(action)) throw new Error(`${action} is not possible on ${snap.project.name} now`);
      const args = (typeof rawArgs === 'object' && rawArgs !== null ? rawArgs : {}) as { text?: string; title?: string };
      if (action === 'input' && args.text === undefined) args.text = await vscode.window.showInputBox({ title: `Send input to ${snap.project.name}`, ignoreFocusOut: true });
      if (action === 'addTask' && args.title === undefined) args.title = await vscode.window.showInputBox({ title: `Add a task to ${snap.project.name}`, prompt: 'Title', ignoreFocusOut: true });
      if ((action === 'input' && !args.text) || (action === 'addTask' && !args.title?.trim())) return undefined;
      const result = await client.send(snap.project.id, action, args);
      if (typeof rawAction !== 'string') void vscode.window.showInformationMessage(`${labels[action].replace('…', '')}: sent to ${snap.project.name}.`);
      return result;
    }),
    registerGuardedCommand(svc, 'disconnectTeamServer', async () => {
      use(undefined);
      await svc.context.secrets.delete(TOKEN_SECRET);
      await svc.context.globalState.update(URL_KEY, undefined);
    }),
  ];
  const url = svc.context.globalState.get<string>(URL_KEY);
  if (url) {
    const reconnect = async (): Promise<void> => {
      const token = await svc.context.secrets.get(TOKEN_SECRET);
      if (token) await connect(url, token);
    };
    reconnect().catch((err: unknown) => svc.log.warn(`team: reconnecting to ${url} failed: ${errorMessage(err)}`));
  }
  return {
    client: () => current,
    onDidChange: emitter.event,
    dispose: () => { for (const c of commands) c.dispose(); use(undefined); sub?.dispose(); emitter.dispose(); },
  };
}
