// `?compat=loki`: the message types of Loki's own dashboard WebSocket (contract §6.3), so clients written for it work here.
import type { ChangeEnvelope, ProjectSnapshot, TaskStatus } from '../core/domain';
import { SESSION_STATUS_TO_LOKI_WS, TASK_STATUS_TO_LOKI } from '../core/statusVocabulary';

/** A message in Loki's `{type, data}` shape. */
export interface CompatMessage {
  type: string;
  data?: Record<string, unknown>;
}

/** Loki's 10-key `status_update` payload. */
export interface CompatStatus {
  status: 'running' | 'paused' | 'stopped';
  phase: string;
  iteration: number;
  complexity: string;
  mode: string;
  provider: string;
  running_agents: number;
  pending_tasks: number;
  current_task: string;
  version: string;
}

/** Loki's dashboard board columns: completed and failed are both `done` there. */
export function compatTaskStatus(s: TaskStatus): string {
  return TASK_STATUS_TO_LOKI[s];
}

/** The `status_update` payload of a project. */
export function compatStatus(snap: ProjectSnapshot): CompatStatus {
  const s = snap.session;
  const status: CompatStatus['status'] = SESSION_STATUS_TO_LOKI_WS[s.status];
  const current = s.currentTaskId ? Object.values(snap.columns).flat().find(t => t.id === s.currentTaskId) : undefined;
  return {
    status,
    phase: s.phase ?? '',
    iteration: s.iteration ?? 0,
    // Loki's own value is effectively always "standard" (contract §2.3); the files give us nothing better.
    complexity: 'standard',
    mode: s.mode ?? (status === 'running' ? 'autonomous' : status),
    provider: s.provider ?? 'claude',
    running_agents: snap.agents.filter(a => a.status === 'active').length,
    pending_tasks: snap.columns.pending.length,
    current_task: current?.title ?? '',
    version: 'unknown',
  };
}

function position(snap: ProjectSnapshot | undefined, status: TaskStatus, id: string): number {
  const i = snap?.columns[status].findIndex(t => t.id === id) ?? -1;
  return i < 0 ? 0 : i;
}

/** Task events of one change in Loki's shapes (status updates are computed separately from the snapshot). */
export function compatTaskMessages(env: ChangeEnvelope, snap: ProjectSnapshot | undefined): CompatMessage[] {
  const c = env.change;
  const project_id = env.projectId;
  switch (c.kind) {
    case 'task/created':
      return [{ type: 'task_created', data: { id: c.task.id, project_id, title: c.task.title, status: compatTaskStatus(c.task.status) } }];
    case 'task/updated':
      return [{ type: 'task_updated', data: { id: c.task.id, project_id, title: c.task.title, status: compatTaskStatus(c.task.status) } }];
    case 'task/moved':
      return [{
        type: 'task_moved',
        data: {
          id: c.task.id, project_id, title: c.task.title,
          old_status: compatTaskStatus(c.from), new_status: compatTaskStatus(c.task.status),
          position: position(snap, c.task.status, c.task.id),
        },
      }];
    case 'task/removed':
      return [{ type: 'task_deleted', data: { id: c.id, project_id } }];
    default:
      return [];
  }
}

/** Changes after which the `status_update` payload may differ. */
export function affectsCompatStatus(env: ChangeEnvelope): boolean {
  const k = env.change.kind;
  return k === 'session/changed' || k.startsWith('task/') || k.startsWith('agent/');
}

/** The greeting Loki's server sends on accept. */
export const COMPAT_CONNECTED: CompatMessage = { type: 'connected', data: { message: 'Connected to Loki Dashboard' } };
