// What the seed API's write routes need from their host (headless: coreSeedControl; VS Code: its own, trust-checked).
import type { ProjectInfo, Provider, TaskPriority } from '../core/domain';
import type { LearningCategory } from '../core/write/learningWriter';
import type { TaskPatch } from '../core/write/taskEdit';

/** How a session is started: a spec file inside the project, a one-line brief, or nothing (Loki analyses the code). */
export type SessionInput = { kind: 'spec'; path: string } | { kind: 'brief'; text: string } | { kind: 'none' };

/** Write operations of the seed API. Throw ControlError/ApiError for clear statuses. */
export interface SeedControl {
  /** Starts watching a folder and remembers it. */
  addProject(folder: string, name?: string): Promise<ProjectInfo>;
  renameProject(projectId: string, name: string): Promise<ProjectInfo>;
  /** Forgets a project (no file is deleted). */
  removeProject(projectId: string): Promise<void>;
  /** Starts `loki start` for a project (VS Code: in its terminal, like the command). Resolves with a human-readable note. */
  startSession(projectId: string, opts: { input: SessionInput; provider: Provider }): Promise<string>;
  editTask(projectId: string, taskId: string, patch: TaskPatch): Promise<void>;
  deleteTask(projectId: string, taskId: string): Promise<void>;
  /** Adds a machine-wide learning; resolves to false when the same text was already known. */
  addLearning(entry: { category: LearningCategory; text: string; projectId: string | null }): Promise<boolean>;
}

/** A task in `POST /api/tasks/bulk`. */
export interface BulkTask {
  title: string;
  description: string;
  priority: TaskPriority;
}
