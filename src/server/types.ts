// What the API server needs from its host, as narrow interfaces: the extension and the headless CLI both provide them.
import type { Disposable } from '../core/disposable';
import type { Logger } from '../core/logger';
import type { AttentionChange } from '../core/attention/attentionMonitor';
import type { AppGroup, AttentionItem, ChangeEnvelope, Learning, LogEntry, LokiEvent, ProjectInfo, ProjectSnapshot, SessionSummary, Task, TaskPriority, TaskStatus } from '../core/domain';
import type { LogQuery } from '../core/store/storeApi';
import type { CheckpointService } from '../core/checkpoints/checkpointService';
import type { ApiError } from './httpUtil';
import type { SeedControl } from './seedTypes';
import type { TokenStore } from './tokens';

/** The read side of LokiCore the server uses (LokiCore satisfies it; unit tests pass a fake). */
export interface DataSource {
  projects(): ProjectInfo[];
  snapshot(projectId: string): ProjectSnapshot | undefined;
  onChange(listener: (e: ChangeEnvelope) => void): Disposable;
  onProjectsChanged(listener: (projects: ProjectInfo[]) => void): Disposable;
  logs(projectId: string, q?: LogQuery): LogEntry[];
  history(projectId?: string): SessionSummary[];
  learnings(projectId?: string | null, text?: string): Learning[];
  /** Projects stuck in one processing step (LokiCore); /health reports their count. */
  stuckProjects?(): ProjectInfo[];
  /** Tasks of one stored session (past-session exports); optional for read-only fakes. */
  sessionTasks?(projectId: string, sessionId: string): Task[];
  /** Latest runner events kept in the store (timeline exports); optional for read-only fakes. */
  events?(projectId: string, limit?: number): LokiEvent[];
  /** Resolves once history reads answer from the loaded store (LokiCore; a store that loads later). */
  whenHistoryLoaded?(): Promise<void>;
}

/** Multi-repo app groups (core/apps AppIndex satisfies it; a hub reads them from the database). */
export interface AppSource {
  apps(): AppGroup[];
  appOf(projectId: string): string | null;
  /** Fired with the new groups when app membership changes (publishers re-publish, servers push `apps:changed`). */
  onDidChange?(listener: (apps: AppGroup[]) => void): Disposable;
}

/** The "Needs you" items (the extension passes its AttentionMonitor so the API and the UI agree on thresholds). */
export interface AttentionProvider {
  items(): AttentionItem[];
  onDidChange(listener: (c: AttentionChange) => void): Disposable;
}

/** A task added through the API. */
export interface ApiNewTask {
  title: string;
  description: string;
  priority: TaskPriority;
}

/**
 * Control routes go through this: headless binds it straight to core control.ts/queueWriter.ts,
 * the extension to its SessionActions (which enforce workspace trust). Throw ControlError (mapped to a status)
 * or any Error (reported as 500 with its message).
 */
export interface ControlHandler {
  pause(projectId: string): Promise<void>;
  resume(projectId: string): Promise<void>;
  stop(projectId: string): Promise<void>;
  sendInput(projectId: string, text: string): Promise<void>;
  /** Resolves to the new task's id. */
  addTask(projectId: string, task: ApiNewTask): Promise<string>;
  moveTask(projectId: string, taskId: string, to: TaskStatus): Promise<void>;
}

/** Limits, all with safe defaults; tests shrink them. */
export interface ServerLimits {
  /** Largest WebSocket frame accepted (bigger → close 1009). Default 64 KiB. */
  maxPayload: number;
  /** Largest HTTP request body. Default 1 MiB + 64 KiB (room for a 1 MiB input plus JSON quoting). */
  maxBodyBytes: number;
  /** Simultaneous WebSocket connections. Default 100. */
  maxConnections: number;
  /** Bytes queued for one client before it is closed as a slow consumer (1013). Default 4 MiB. */
  maxBufferedBytes: number;
  /** Interval of protocol pings and heartbeats; a peer that missed the previous ping is terminated. Default 30 s. */
  pingIntervalMs: number;
  /** Token bucket per connection: burst size and refill per second. Defaults 60 and 20. */
  rateBurst: number;
  ratePerSecond: number;
  /** Messages refused in a row before the connection is closed with 1008. Default 20. */
  rateStrikes: number;
}

/** Default limits. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxPayload: 64 * 1024,
  maxBodyBytes: 1024 * 1024 + 64 * 1024,
  maxConnections: 100,
  maxBufferedBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
  rateBurst: 60,
  ratePerSecond: 20,
  rateStrikes: 20,
};

/** Everything the server is built from. */
export interface ApiServerOptions {
  source: DataSource;
  /** "Needs you" items; absent: the server derives them itself with the default thresholds. */
  attention?: AttentionProvider;
  /** Absent: control routes answer 501 (a read-only server). */
  control?: ControlHandler;
  /** Project, session, task-edit and learning writes of the seed API; absent: they answer 501. */
  seed?: SeedControl;
  /** Absent: the checkpoint routes answer 501. */
  checkpoints?: CheckpointRouteDeps;
  tokens: TokenStore;
  /** App groups for `/api/apps` and `?app=`; absent: no apps. */
  apps?: AppSource;
  log: Logger;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `DEFAULT_SERVER_PORT`; 0 picks a free port. */
  port?: number;
  /** Browser origins allowed (exact match). Requests with another Origin header are refused. */
  allowedOrigins?: readonly string[];
  /**
   * Extra names the `Host` header may carry (a DNS-rebinding defence). IP literals, `localhost` and the bind host
   * always pass; a reverse proxy or a LAN name needs to be listed here.
   */
  allowedHosts?: readonly string[];
  limits?: Partial<ServerLimits>;
  /** Version reported by /health and /api/status; default the package version. */
  version?: string;
  now?: () => number;
}

/** The API server's default port (Loki's own web dashboard uses 57374). */
export const DEFAULT_SERVER_PORT = 57375;

/** What the checkpoint routes need from their host. */
export interface CheckpointRouteDeps {
  service: Pick<CheckpointService, 'list' | 'get' | 'facts' | 'changes' | 'plan' | 'rollback'>;
  /** Why a rollback is refused here (untrusted workspace, read-only server), or null when allowed. */
  rollbackRefusal(): ApiError | null;
}
