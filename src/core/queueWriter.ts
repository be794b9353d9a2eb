// STUB (owner: simulator/control helper). Writes queue files the way the runner does: mkdir lock, atomic rename, shape preserved.
import type { TaskPriority, TaskStatus } from './protocol';

/** A task the user adds. */
export interface NewTask {
  title: string;
  description: string;
  priority: TaskPriority;
  /** Defaults to `vscode`. */
  source?: string;
}

/** Appends a task to `queue/pending.json` under `queue/.pending.lock`; returns its new id (`vscode-<n>`). */
export async function addTask(lokiDir: string, task: NewTask): Promise<string> { void lokiDir; void task; throw new Error('not implemented'); }

/** Moves a user-movable task to the queue file of `to` (removing it from wherever it is). Throws ControlError on failure. */
export async function moveTask(lokiDir: string, taskId: string, to: TaskStatus): Promise<void> { void lokiDir; void taskId; void to; throw new Error('not implemented'); }
