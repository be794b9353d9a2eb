import * as vscode from 'vscode';
import { TASK_PRIORITIES } from '../core/domain';
import type { ProjectInfo, TaskPriority } from '../core/domain';
import { DisposableStore } from '../core/disposable';
import type { Disposable } from '../core/disposable';
import { unescapeInput } from './escapes';
import { RefusedError } from './trust';

const HEADER = (name: string): string =>
  `<!-- Input for the Loki session in ${name}. Write below this line, then run "Loki: Send Input to Session" (or click Send). Close without saving to cancel. This comment is not sent. -->\n\n`;

/**
 * Multi-line input drafts: an untitled Markdown editor per project. An input box is single-line, so long input is
 * composed here and sent by running Send Input again (or clicking Send) while the draft is open.
 */
export class InputDrafts implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly drafts = new Map<string, vscode.TextDocument>();

  constructor() {
    this.disposables.add(vscode.workspace.onDidCloseTextDocument(doc => {
      for (const [id, d] of this.drafts) if (d === doc) this.drafts.delete(id);
    }));
  }

  /** The project whose draft is in the active editor. */
  activeDraftProject(): string | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    for (const [id, d] of this.drafts) if (d === doc) return id;
    return undefined;
  }

  has(projectId: string): boolean {
    const d = this.drafts.get(projectId);
    return !!d && !d.isClosed;
  }

  /** Opens (or shows again) the draft of a project. */
  async open(project: ProjectInfo): Promise<void> {
    let doc = this.drafts.get(project.id);
    if (!doc || doc.isClosed) {
      doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: HEADER(project.name) });
      this.drafts.set(project.id, doc);
    }
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    void vscode.window.showInformationMessage(`Write your input for Loki in ${project.name}, then click Send (or run "Loki: Send Input to Session" again).`, 'Send').then(choice => {
      if (choice === 'Send') void vscode.commands.executeCommand('lokiDashboard.sendInput', { projectId: project.id, fromDraft: true });
    });
  }

  /** Takes the draft's text (without the header) and closes it without a save prompt; undefined when there is none. */
  async take(projectId: string): Promise<string | undefined> {
    const doc = this.drafts.get(projectId);
    if (!doc || doc.isClosed) return undefined;
    const text = doc.getText().replace(/^<!--[\s\S]*?-->\s*/, '');
    this.drafts.delete(projectId);
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return text;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

/**
 * Asks for the text to send: a single-line box where `\n` makes a new line, or the project's multi-line draft
 * editor (then it resolves undefined: the draft is sent by a later Send).
 */
export async function askForInput(project: ProjectInfo, drafts: InputDrafts): Promise<string | undefined> {
  const how = await vscode.window.showQuickPick(
    [
      { label: '$(edit) Type a message', description: 'single line; write \\n for a new line', id: 'box' as const },
      { label: '$(new-file) Compose in an editor', description: 'multi-line Markdown; then Send', id: 'editor' as const },
    ],
    { placeHolder: `Send input to the Loki session in ${project.name}` },
  );
  if (!how) throw new RefusedError('cancelled', 'Cancelled');
  if (how.id === 'editor') {
    await drafts.open(project);
    return undefined;
  }
  const v = await vscode.window.showInputBox({
    title: `Input for Loki in ${project.name}`,
    prompt: 'The agent reads it at the next iteration. Write \\n for a new line.',
    validateInput: x => (x.trim() ? undefined : 'Write something'),
  });
  if (!v?.trim()) throw new RefusedError('cancelled', 'Cancelled');
  return unescapeInput(v);
}

/** Asks for a new task's fields. */
export async function askForTask(project: ProjectInfo): Promise<{ title: string; description: string; priority: TaskPriority }> {
  const title = await vscode.window.showInputBox({ title: `New task in ${project.name} (1/3)`, prompt: 'Title', validateInput: v => (v.trim() ? undefined : 'A task needs a title') });
  if (!title?.trim()) throw new RefusedError('cancelled', 'Cancelled');
  const description = await vscode.window.showInputBox({ title: `New task in ${project.name} (2/3)`, prompt: 'Description (optional; \\n for a new line)' });
  if (description === undefined) throw new RefusedError('cancelled', 'Cancelled');
  const priority = await vscode.window.showQuickPick(TASK_PRIORITIES.map(p => ({ label: p, picked: p === 'medium' })), { title: `New task in ${project.name} (3/3)`, placeHolder: 'Priority' });
  if (!priority) throw new RefusedError('cancelled', 'Cancelled');
  return { title: title.trim(), description: unescapeInput(description), priority: priority.label };
}
