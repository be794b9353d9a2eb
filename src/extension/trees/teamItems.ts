// Tree items of the read-only Team section (projects of a connected team hub).
import * as vscode from 'vscode';
import type { AppGroup, ProjectSnapshot } from '../../core/domain';
import { runState } from '../sessionRules';
import { escapeMd } from '../statusText';
import { isRemoteOffline, remoteActions } from '../team/remoteActions';

/** The Team section row. */
export function teamItem(url: string, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Team', vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'team';
  item.contextValue = 'team';
  item.description = `${count} project${count === 1 ? '' : 's'} · ${url}`;
  item.iconPath = new vscode.ThemeIcon('organization');
  item.tooltip = `Projects of ${url}; control actions appear when the token has control scope (Loki: Disconnect Team Server to remove it)`;
  return item;
}

/** One remote project: name, status, phase, iteration and cost; offline publishers say so. `:control` when actions are offered. */
export function remoteItem(snap: ProjectSnapshot, canControl = false): vscode.TreeItem {
  const s = snap.session;
  const item = new vscode.TreeItem(snap.project.name, vscode.TreeItemCollapsibleState.None);
  item.id = `remote:${snap.project.id}`;
  item.contextValue = remoteActions(snap, canControl).length ? 'remoteProject:control' : 'remoteProject';
  const offline = isRemoteOffline(snap);
  const parts = [offline ? 'offline' : s.status, s.phase, s.iteration != null ? `iter ${s.iteration}` : null, s.costUsd != null ? `$${s.costUsd.toFixed(2)}` : null].filter(Boolean);
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(offline ? 'debug-disconnect' : s.status === 'running' ? 'sync~spin' : 'remote');
  item.tooltip = new vscode.MarkdownString(`**${escapeMd(snap.project.name)}**\n\n${escapeMd(snap.project.path)}\n\n${Object.values(snap.columns).reduce((a, c) => a + c.length, 0)} task(s)`);
  return item;
}

/**
 * An app of the hub with its remote members: count, running and cost like a local app row. Its context value is
 * `teamApp`, which no control command matches: the members keep their own (read-only unless the token controls).
 */
export function teamAppItem(app: AppGroup, snaps: readonly ProjectSnapshot[]): vscode.TreeItem {
  const item = new vscode.TreeItem(app.appId, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `teamApp:${app.appId}`;
  item.contextValue = 'teamApp';
  const running = snaps.filter(s => runState(s.session) === 'running' && !isRemoteOffline(s)).length;
  const cost = snaps.reduce((a, s) => a + (s.session.costUsd ?? 0), 0);
  item.description = `${snaps.length} project${snaps.length === 1 ? '' : 's'}${running ? ` · ${running} running` : ''}${cost ? ` · $${cost.toFixed(2)}` : ''}`;
  item.iconPath = new vscode.ThemeIcon('layers');
  item.tooltip = new vscode.MarkdownString(`**App ${escapeMd(app.appId)}** (team)\n\n${app.members.map(m => `- ${escapeMd(m)}`).join('\n')}`);
  return item;
}
