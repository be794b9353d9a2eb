// Core ProjectChange -> the API's WebSocket event types, each with the channels whose subscribers receive it.
import type { ChangeEnvelope, SessionStatus, Task } from '../core/domain';

/** Event types the native WebSocket protocol sends. */
export const WS_EVENT_TYPES = [
  'session:started', 'session:paused', 'session:resumed', 'session:stopped', 'session:completed', 'session:failed',
  'phase:changed', 'phase:started', 'phase:completed', 'session:updated',
  'task:created', 'task:updated', 'task:moved', 'task:completed', 'task:failed',
  'agent:spawned', 'agent:updated', 'agent:completed',
  'log:entry', 'learning:added',
  'attention:changed', 'apps:changed',
] as const;
/** A mapped event type. */
export type WsEventType = (typeof WS_EVENT_TYPES)[number];

/** One event, before a connection stamps its own `seq`. */
export interface WsEvent {
  type: WsEventType;
  /** The channel reported to clients. */
  channel: string;
  /** Subscriptions that receive it (`*` is never among them for logs: log volume is opt-in per project). */
  audience: string[];
  timestamp: string;
  data: Record<string, unknown>;
}

/** Session fields whose changes are pushed as `session:updated` (progress and spend). */
export const PROGRESS_FIELDS = ['iteration', 'costUsd', 'tokens', 'budget', 'contextPct'] as const;

/** Channel names. */
export const channels = {
  project: (id: string): string => `project:${id}`,
  session: (id: string): string => `session:${id}`,
  logs: (projectId: string): string => `logs:${projectId}`,
};

/** Tasks go out without the raw file record: it can be large and clients have `/api/projects/{id}` for it. */
export function publicTask(t: Task): Omit<Task, 'raw'> {
  const { raw: _raw, ...rest } = t;
  return rest;
}

/**
 * Maps change envelopes to events. Stateful only in one respect: it remembers each project's last session status,
 * because `running` means `session:resumed` after `paused` and `session:started` otherwise.
 */
export class EventMapper {
  private readonly lastStatus = new Map<string, SessionStatus>();
  private readonly lastPhase = new Map<string, string | null>();

  /** Records a project's current status (and phase) without emitting (at start and when projects appear). */
  seed(projectId: string, status: SessionStatus, phase?: string | null): void {
    if (!this.lastStatus.has(projectId)) this.lastStatus.set(projectId, status);
    if (phase !== undefined && !this.lastPhase.has(projectId)) this.lastPhase.set(projectId, phase);
  }

  /** Forgets a removed project. */
  forget(projectId: string): void {
    this.lastStatus.delete(projectId);
    this.lastPhase.delete(projectId);
  }

  map(env: ChangeEnvelope): WsEvent[] {
    const { projectId, change } = env;
    const timestamp = new Date(env.at).toISOString();
    const project = channels.project(projectId);
    const inProject = (type: WsEventType, data: Record<string, unknown>): WsEvent =>
      ({ type, channel: project, audience: [project, '*'], timestamp, data: { projectId, version: env.version, ...data } });
    switch (change.kind) {
      case 'session/changed': {
        const s = change.session;
        const session = channels.session(s.id);
        const out: WsEvent[] = [];
        const inSession = (type: WsEventType, data: Record<string, unknown>): WsEvent =>
          ({ type, channel: session, audience: [session, project, '*'], timestamp, data: { projectId, sessionId: s.id, version: env.version, ...data } });
        if (change.fields.includes('status')) {
          const prev = this.lastStatus.get(projectId) ?? null;
          this.lastStatus.set(projectId, s.status);
          const type = sessionEventType(prev, s.status);
          if (type) out.push(inSession(type, { status: s.status, previousStatus: prev, session: s }));
        }
        if (change.fields.includes('phase')) {
          const prev = this.lastPhase.has(projectId) ? this.lastPhase.get(projectId)! : null;
          this.lastPhase.set(projectId, s.phase);
          out.push(inSession('phase:changed', { phase: s.phase, previousPhase: prev, session: s }));
          // The runner moves through phases one at a time: leaving one completes it, entering the next starts it.
          if (prev !== null && prev !== s.phase) out.push(inSession('phase:completed', { phase: prev, next: s.phase }));
          if (s.phase !== null && prev !== s.phase) out.push(inSession('phase:started', { phase: s.phase, previous: prev }));
        }
        const progress = change.fields.filter(f => (PROGRESS_FIELDS as readonly string[]).includes(f));
        if (progress.length) {
          out.push(inSession('session:updated', {
            changed: progress, iteration: s.iteration, costUsd: s.costUsd, tokens: s.tokens, budget: s.budget, contextPct: s.contextPct,
          }));
        }
        return out;
      }
      case 'task/created':
        return [inProject('task:created', { task: publicTask(change.task) })];
      case 'task/updated':
        return [inProject('task:updated', { task: publicTask(change.task) })];
      case 'task/moved': {
        const to = change.task.status;
        const type: WsEventType = to === 'completed' ? 'task:completed' : to === 'failed' ? 'task:failed' : 'task:moved';
        return [inProject(type, { task: publicTask(change.task), from: change.from, to })];
      }
      case 'task/removed':
        // No `task:deleted` in the event list: a removal is an update that says so.
        return [inProject('task:updated', { id: change.id, removed: true, from: change.from })];
      case 'agent/spawned':
        return [inProject('agent:spawned', { agent: change.agent })];
      case 'agent/updated':
        return [inProject('agent:updated', { agent: change.agent })];
      case 'agent/completed':
        return [inProject('agent:completed', { agent: change.agent })];
      case 'learning/added':
        return [inProject('learning:added', { learning: change.learning })];
      case 'log/entries': {
        const logs = channels.logs(projectId);
        return change.entries.map(entry => ({ type: 'log:entry', channel: logs, audience: [logs], timestamp, data: { projectId, entry } }));
      }
      default:
        // events.jsonl records, quality, iteration metrics, problems and .loki presence have no event type of their own;
        // clients get them from the next snapshot or REST.
        return [];
    }
  }
}

/** Which session event a status transition is, if any. */
export function sessionEventType(prev: SessionStatus | null, next: SessionStatus): WsEventType | null {
  switch (next) {
    case 'starting':
      return prev === 'starting' ? null : 'session:started';
    case 'running':
      if (prev === 'paused') return 'session:resumed';
      return prev === 'running' || prev === 'starting' ? null : 'session:started';
    case 'paused':
      return prev === 'paused' ? null : 'session:paused';
    case 'stopping':
    case 'stopped':
      return prev === 'stopping' || prev === 'stopped' ? null : 'session:stopped';
    case 'completed':
      return prev === 'completed' ? null : 'session:completed';
    case 'failed':
      return prev === 'failed' ? null : 'session:failed';
    case 'idle':
      return null;
  }
}
