// UI choices persisted through vscode.setState. Never domain data: that comes fresh from the host.
import type { LogLevel, TaskPriority, TaskStatus } from '../../core/domain';

/** Tabs of the dashboard. */
export type TabId = 'board' | 'agents' | 'logs' | 'quality' | 'insights';

/** Board filter choices. */
export interface BoardFilter {
  text: string;
  priority: TaskPriority | '';
  source: string;
  failedOnly: boolean;
}

/** Identifies a card across projects. */
export interface CardRef {
  projectId: string;
  taskId: string;
}

/** Everything the webview persists. All fields optional: older states may lack newer keys. */
export interface UiState {
  /** A project id, or `all`; null before the user chose (the host's suggestion applies). */
  project?: string | null;
  tab?: TabId;
  filter?: BoardFilter;
  openCard?: CardRef | null;
  columnScroll?: Partial<Record<TaskStatus, number>>;
  logScroll?: number | null;
  logLevel?: LogLevel | '';
  logSearch?: string;
  autoScroll?: boolean;
  logsPaused?: boolean;
  showFinishedAgents?: boolean;
}

/** Default board filter (shows everything). */
export const NO_FILTER: BoardFilter = { text: '', priority: '', source: '', failedOnly: false };

/** The pseudo project id for "All projects". */
export const ALL_PROJECTS = 'all';
