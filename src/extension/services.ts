import type * as vscode from 'vscode';
import type { AppIndex } from '../core/apps/appIndex';
import type { LokiCore } from '../core/lokiCore';
import type { Logger } from '../core/logger';
import type { SessionActions } from './sessionApi';
import type { ProjectRegistry } from './projects';
import type { DeferredStore } from '../core/store/deferredStore';
import type { AttentionService } from './attention/attentionService';
import type { CheckpointFeature } from './checkpoints/register';
import type { RemoteProjects } from './team/remoteProjects';

/** What every host feature receives from `activate`. */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  core: LokiCore;
  /** Multi-repo app groups of the watched projects. */
  apps: AppIndex;
  /** The store slot: loads after activation; reads answer empty until `loaded`, writes queue until then. */
  store: DeferredStore;
  /** Projects the user added or removed by hand. */
  registry: ProjectRegistry;
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
  /** Team projects of the connected hub (read-only in the dashboard); set once the Team feature is registered. */
  team?: RemoteProjects;
}
