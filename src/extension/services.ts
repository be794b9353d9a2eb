import type * as vscode from 'vscode';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import type { TaskPriority, TaskStatus } from '../core/domain';
import type { Store } from '../core/store/store';
import type { AttentionService } from './attention/attentionService';
import type { CheckpointFeature } from './checkpoints/register';

/** User-facing session actions (trust checks, pickers, messages included). Implemented by the host layer. */
export interface SessionActions {
  /** Starts a session; without a project id the user picks one. */
  start(projectId?: string): Promise<void>;
  pause(projectId: string): Promise<void>;
  resume(projectId: string): Promise<void>;
  stop(projectId: string): Promise<void>;
  /** Sends input; without text the user is asked for it. */
  sendInput(projectId: string, text?: string): Promise<void>;
  /** Adds a task; without fields the user is asked. Resolves to the new id, or undefined when cancelled. */
  addTask(projectId: string, task?: { title: string; description: string; priority: TaskPriority }): Promise<string | undefined>;
  /** Moves a user-movable card; rejects with a readable Error when the write fails. */
  moveTask(projectId: string, taskId: string, to: TaskStatus): Promise<void>;
}

/** What every host feature receives from `activate`. */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  core: LokiCore;
  store: Store;
  log: Logger;
  channel: vscode.LogOutputChannel;
  sessions: SessionActions;
  /** Workspace trust right now. */
  isTrusted(): boolean;
  /** Project of the active editor, or the only project, or null. */
  activeProjectId(): string | null;
  /** "Needs you" items and their actions. */
  attention?: AttentionService;
  /** Checkpoints: service, cache and commands. */
  checkpoints: CheckpointFeature;
}
