// Pure: which changes deserve a notification, and how bursts are collapsed (no vscode import).
import type { ChangeEnvelope, SessionStatus } from '../core/domain';
import type { NotificationLevel } from './config';
import { ENDED } from './sessionRules';

/** One candidate notification. `key` dedupes: the same key never shows twice. */
export interface Notice {
  projectId: string;
  severity: 'error' | 'info';
  kind: 'session-ended' | 'session-failed' | 'task-failed' | 'input-rejected' | 'terminal-exited';
  key: string;
  message: string;
}

/** Whether the user's setting lets this notice through. */
export function allowed(level: NotificationLevel, n: Notice): boolean {
  if (level === 'off') return false;
  if (level === 'all') return true;
  return n.severity === 'error';
}

/**
 * Tracks each project's last session status and turns changes into notices. The first status seen for a project
 * only seeds the tracker, so opening a window on a finished run does not announce it.
 */
export class NoticeRules {
  private readonly last = new Map<string, { status: SessionStatus; id: string; alive: boolean }>();

  constructor(private readonly nameOf: (projectId: string) => string) {}

  forget(projectId: string): void {
    this.last.delete(projectId);
  }

  /** True while the project's last known session is at work. */
  isActive(projectId: string): boolean {
    const l = this.last.get(projectId);
    return !!l && (l.alive || !ENDED.includes(l.status)) && l.status !== 'idle';
  }

  take(e: ChangeEnvelope): Notice[] {
    const c = e.change;
    const name = this.nameOf(e.projectId);
    if (c.kind === 'session/changed') {
      const prev = this.last.get(e.projectId);
      const s = c.session;
      this.last.set(e.projectId, { status: s.status, id: s.id, alive: s.alive });
      if (!prev || prev.status === s.status || !ENDED.includes(s.status) || ENDED.includes(prev.status) || prev.status === 'idle') return [];
      if (s.status === 'failed') {
        return [{ projectId: e.projectId, severity: 'error', kind: 'session-failed', key: `session-failed:${s.id}`, message: `Loki session in ${name} failed${s.phase ? ` (phase ${s.phase})` : ''}.` }];
      }
      return [{ projectId: e.projectId, severity: 'info', kind: 'session-ended', key: `session-ended:${s.id}`, message: `Loki session in ${name} ${s.status === 'completed' ? 'completed' : 'stopped'}${s.iteration !== null ? ` after ${s.iteration} iterations` : ''}.` }];
    }
    // Tasks a person can retry are announced by "Needs you" (with a Retry Task button); runner-owned cards here.
    if (c.kind === 'task/moved' && c.task.status === 'failed' && c.from !== 'failed' && c.task.readOnly && this.isActive(e.projectId)) {
      return [{ projectId: e.projectId, severity: 'error', kind: 'task-failed', key: `task-failed:${e.projectId}:${c.task.id}`, message: `Task failed in ${name}: ${c.task.title}` }];
    }
    return [];
  }
}

/** Collapses a burst of notices of one kind and project into one message, so a file storm is one popup. */
export function collapse(batch: Notice[]): Notice[] {
  const groups = new Map<string, Notice[]>();
  for (const n of batch) {
    const k = `${n.projectId}\u0000${n.kind}`;
    groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  const out: Notice[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    if (g.length === 1) out.push(first);
    else if (first.kind === 'task-failed') {
      out.push({ ...first, key: g.map(n => n.key).join('|'), message: `${g.length} tasks failed in ${first.message.replace(/^Task failed in ([^:]*):.*$/s, '$1')}.` });
    } else out.push(g[g.length - 1]!);
  }
  return out;
}
