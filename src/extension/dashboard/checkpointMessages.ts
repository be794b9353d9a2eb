import * as vscode from 'vscode';
import type { CheckpointAction, WebviewMessage } from '../../core/protocol';

const COMMANDS: Record<CheckpointAction, string> = {
  compare: 'lokiDashboard.compareCheckpoint',
  openFiles: 'lokiDashboard.openCheckpointChanges',
  rollback: 'lokiDashboard.rollbackToCheckpoint',
  rollbackBeforeTask: 'lokiDashboard.rollbackBeforeTask',
  undo: 'lokiDashboard.undoRollback',
};

/** Runs the command behind a dashboard checkpoint button (the command shows its own pickers, refusals and modal). */
export async function runCheckpointAction(msg: Extract<WebviewMessage, { type: 'checkpoint/run' }>): Promise<void> {
  const second = msg.action === 'rollbackBeforeTask' ? msg.taskId ?? undefined : msg.checkpointId ?? undefined;
  await vscode.commands.executeCommand(COMMANDS[msg.action], msg.projectId, second);
}
