// The session actions every host feature may call, in a module of its own so features and services.ts do not
// import each other.
import type { Provider, TaskPriority, TaskStatus } from '../core/domain';
import type { StartInput } from './launchPlan';

/** User-facing session actions (trust checks, pickers, messages included). Implemented by the host layer. */
export interface SessionActions {
  /** Starts a session; without a project id the user picks one, without input/provider the user is asked. */
  start(projectId?: string, opts?: { input?: StartInput; provider?: Provider }): Promise<void>;
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
