// Is a Loki runner alive? The same three-source rule Loki's own dashboard uses (contract §10): a live pid in
// `loki.pid` / `sessions/*/loki.pid`, else a fresh `session.json` saying running, else a live wrapper/runner in `pids/`.
import type { PidRecord, SessionJson } from './parsers/sessionFiles';

/** session.json counts as stale this long after its last `updatedAt` (dashboard/server.py:939-957). */
export const SESSION_JSON_STALE_MS = 300_000;

/** What the liveness decision reads. */
export interface LivenessInputs {
  lokiPid: number | null;
  sessionPids: number[];
  sessionJson: SessionJson | null;
  pidRecords: PidRecord[];
}

/** The outcome: alive or not, the pid that proved it, and which source did. */
export interface Liveness {
  alive: boolean;
  pid: number | null;
  via: 'loki.pid' | 'sessions' | 'session.json' | 'pids' | null;
}

function safeAlive(isPidAlive: (pid: number) => boolean, pid: number): boolean {
  try {
    return isPidAlive(pid);
  } catch {
    return false;
  }
}

/** Decides liveness; never throws (a throwing `isPidAlive` counts as "not alive"). */
export function decideLiveness(inp: LivenessInputs, isPidAlive: (pid: number) => boolean, now: number): Liveness {
  if (inp.lokiPid !== null && safeAlive(isPidAlive, inp.lokiPid)) return { alive: true, pid: inp.lokiPid, via: 'loki.pid' };
  for (const pid of inp.sessionPids) if (safeAlive(isPidAlive, pid)) return { alive: true, pid, via: 'sessions' };
  const sj = inp.sessionJson;
  if (sj && sj.status === 'running' && sj.updatedAt !== null) {
    const age = now - Date.parse(sj.updatedAt);
    if (age < SESSION_JSON_STALE_MS) return { alive: true, pid: sj.pid, via: 'session.json' };
  }
  for (const rec of inp.pidRecords) {
    if ((rec.kind === 'wrapper' || rec.kind === 'runner') && safeAlive(isPidAlive, rec.pid)) return { alive: true, pid: rec.pid, via: 'pids' };
  }
  return { alive: false, pid: null, via: null };
}

/**
 * The one production liveness probe (runner pids, lock owners): signal 0 probes without killing; EPERM means the
 * process exists under another user. Not a positive integer: not alive.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException)?.code === 'EPERM';
  }
}
