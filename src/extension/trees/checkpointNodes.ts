// Tree items of the Checkpoints node under a session (newest first: iteration, task, relative time, short sha).
import * as vscode from 'vscode';
import type { CheckpointInfo, ProjectInfo } from '../../core/domain';
import { checkpointLabel } from '../checkpoints/checkpointText';
import { escapeMd } from '../statusText';

/** The Checkpoints folder item. */
export function checkpointsItem(project: ProjectInfo, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Checkpoints', count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `checkpoints:${project.id}`;
  item.contextValue = 'checkpoints';
  item.description = count ? String(count) : 'none yet';
  item.iconPath = new vscode.ThemeIcon('history');
  item.tooltip = 'Checkpoints the runner recorded after each iteration (.loki/state/checkpoints). Right-click one to compare it with the working tree or roll back to it.';
  return item;
}

/** One checkpoint; clicking it opens the multi-file diff against the working tree. */
export function checkpointItem(project: ProjectInfo, c: CheckpointInfo): vscode.TreeItem {
  const text = checkpointLabel(c);
  const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
  item.id = `checkpoint:${project.id}:${c.id}`;
  item.contextValue = c.sha ? 'checkpoint' : 'checkpoint:nocommit';
  item.description = text.description;
  item.iconPath = new vscode.ThemeIcon(c.hasState ? 'git-commit' : 'circle-slash');
  const md = new vscode.MarkdownString([
    `**${escapeMd(c.id)}**`,
    c.task ? escapeMd(c.task) : '',
    [c.timestamp, c.branch, c.phase, c.provider].filter(Boolean).map(x => escapeMd(String(x))).join(' · '),
    c.sha ? `Commit \`${c.sha.replace(/`/g, '')}\`${c.snapshotSha ? ` + uncommitted snapshot \`${c.snapshotSha.slice(0, 8).replace(/`/g, '')}\`` : ''}` : 'No git commit recorded',
    c.hasState ? '' : '_State copies pruned by the runner; only files can be restored._',
  ].filter(Boolean).join('\n\n'));
  md.isTrusted = false;
  item.tooltip = md;
  if (c.sha) item.command = { command: 'lokiDashboard.compareCheckpoint', title: 'Compare with Working Tree', arguments: [project.id, c.id] };
  return item;
}
