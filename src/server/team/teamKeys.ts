// How team rows are named: a project is keyed by machine and local id, so two machines never overwrite each other.
import { createHash } from 'node:crypto';

/** NOTIFY channels. */
export const CHANNELS = { changes: 'loki_changes', commands: 'loki_commands', commandDone: 'loki_command_done', logs: 'loki_logs', events: 'loki_events', sessionTasks: 'loki_session_tasks' } as const;

/** The hub's project id for a machine's project: 12 hex characters, like local ids. */
export function teamProjectKey(machine: string, projectId: string): string {
  return createHash('sha256').update(`${machine}\0${projectId}`).digest('hex').slice(0, 12);
}

/** The hub's id of a publisher's session (`<projectId>:<startedAt>` locally): the same suffix under the team key. */
export function teamSessionId(key: string, localSessionId: string): string {
  return `${key}:${localSessionId.slice(localSessionId.indexOf(':') + 1)}`;
}

/** A machine name usable as a label (hostname by default). */
export function checkMachineName(name: string): string | null {
  return /^[A-Za-z0-9._-]{1,100}$/.test(name) ? null : 'machine name must be 1-100 letters, digits, dots, dashes or underscores';
}

/** Team timing (and the log lines and runner events kept per project), shortened by tests through the environment. */
export function teamTiming(env: NodeJS.ProcessEnv = process.env): { heartbeatMs: number; offlineAfterMs: number; commandTimeoutMs: number; flushMs: number; logLines: number; events: number } {
  const n = (k: string, d: number): number => { const v = Number(env[k]); return Number.isFinite(v) && v > 0 ? v : d; };
  const heartbeatMs = n('LOKI_TEAM_HEARTBEAT_MS', 2000);
  return { heartbeatMs, offlineAfterMs: n('LOKI_TEAM_OFFLINE_MS', heartbeatMs * 3), commandTimeoutMs: n('LOKI_TEAM_COMMAND_TIMEOUT_MS', 10_000), flushMs: n('LOKI_TEAM_FLUSH_MS', 30), logLines: Math.floor(n('LOKI_TEAM_LOG_LINES', 5000)),
    // As many as a session export takes at most, so an export at the hub equals the publisher's own.
    events: Math.floor(n('LOKI_TEAM_EVENTS', 5000)) };
}
