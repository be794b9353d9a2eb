import * as vscode from 'vscode';
import { TASK_PRIORITIES } from '../core/protocol';
import type { ProjectInfo, TaskPriority } from '../core/protocol';
import { unescapeInput } from './escapes';
import { RefusedError } from './trust';

/**
 * Asks for the text to send. Two ways, because an input box is single-line: type it in a box where `\n` makes a
 * new line, or compose it in an untitled Markdown editor and confirm with "Send".
 */
export async function askForInput(project: ProjectInfo): Promise<string> {
  const how = await vscode.window.showQuickPick(
    [
      { label: '$(edit) Type a message', description: 'single line; write \\n for a new line', id: 'box' as const },
      { label: '$(new-file) Compose in an editor', description: 'multi-line Markdown, then click Send', id: 'editor' as const },
    ],
    { placeHolder: `Send input to the Loki session in ${project.name}` },
  );
  if (!how) throw new RefusedError('cancelled', 'Cancelled');
  if (how.id === 'box') {
    const v = await vscode.window.showInputBox({
      title: `Input for Loki in ${project.name}`,
      prompt: 'The agent reads it at the next iteration. Write \\n for a new line.',
      validateInput: x => (x.trim() ? undefined : 'Write something'),
    });
    if (!v?.trim()) throw new RefusedError('cancelled', 'Cancelled');
    return unescapeInput(v);
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const choice = await vscode.window.showInformationMessage(`Write your input for the Loki session in ${project.name} in the new editor, then click Send.`, 'Send', 'Cancel');
  const text = doc.getText();
  if (choice === 'Send' && !doc.isClosed) {
    await closeUntitled(editor);
  }
  if (choice !== 'Send' || !text.trim()) throw new RefusedError('cancelled', 'Cancelled');
  return text;
}

async function closeUntitled(editor: vscode.TextEditor): Promise<void> {
  // Revert first so closing does not ask to save a scratch document.
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Asks for a new task's fields. */
export async function askForTask(project: ProjectInfo): Promise<{ title: string; description: string; priority: TaskPriority }> {
  const title = await vscode.window.showInputBox({ title: `New task in ${project.name} (1/3)`, prompt: 'Title', validateInput: v => (v.trim() ? undefined : 'A task needs a title') });
  if (!title?.trim()) throw new RefusedError('cancelled', 'Cancelled');
  const description = await vscode.window.showInputBox({ title: `New task in ${project.name} (2/3)`, prompt: 'Description (optional; \\n for a new line)' });
  if (description === undefined) throw new RefusedError('cancelled', 'Cancelled');
  const priority = await vscode.window.showQuickPick(TASK_PRIORITIES.map(p => ({ label: p, picked: p === 'medium' })), { title: `New task in ${project.name} (3/3)`, placeHolder: 'Priority' });
  if (!priority) throw new RefusedError('cancelled', 'Cancelled');
  return { title: title.trim(), description: unescapeInput(description), priority: priority.label as TaskPriority };
}
