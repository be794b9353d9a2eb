// The stable JSON of `loki-dashboard snapshot --json` and its readable text form. The JSON keys are documented in the
// README; add keys, never rename or remove them.
import type { Agent, ProjectSnapshot, Task, TaskStatus } from '../core/domain';
import { TASK_STATUSES } from '../core/domain';

/** A task as the CLI prints it: the protocol Task without its raw record. */
export type CliTask = Omit<Task, 'raw'>;

/** The documented output of `snapshot --json`. */
export interface SnapshotJson {
  project: { name: string; path: string };
  hasLoki: boolean;
  session: {
    status: string;
    phase: string | null;
    iteration: number | null;
    provider: string | null;
    alive: boolean;
    startedAt: string | null;
    tokens: { input: number; output: number } | null;
    costUsd: number | null;
    budget: { limit: number | null; used: number | null; exceeded: boolean } | null;
  };
  columns: Record<TaskStatus, CliTask[]>;
  agents: Array<Omit<Agent, 'projectId' | 'sessionId'>>;
  learnings: number;
  problems: Array<{ file: string; message: string }>;
}

/** Projects a core snapshot onto the documented CLI shape. */
export function toSnapshotJson(s: Omit<ProjectSnapshot, 'version'>): SnapshotJson {
  const columns = {} as Record<TaskStatus, CliTask[]>;
  for (const status of TASK_STATUSES) {
    columns[status] = (s.columns[status] ?? []).map(t => {
      const { raw, ...rest } = t;
      void raw;
      return rest;
    });
  }
  const { session } = s;
  return {
    project: { name: s.project.name, path: s.project.path },
    hasLoki: s.hasLoki,
    session: {
      status: session.status, phase: session.phase, iteration: session.iteration, provider: session.provider, alive: session.alive,
      startedAt: session.startedAt, tokens: session.tokens, costUsd: session.costUsd, budget: session.budget,
    },
    columns,
    agents: s.agents.map(a => {
      const { projectId, sessionId, ...rest } = a;
      void projectId;
      void sessionId;
      return rest;
    }),
    learnings: s.learnings.length,
    problems: s.problems.map(p => ({ file: p.file, message: p.message })),
  };
}

const COLUMN_TITLES: Record<TaskStatus, string> = { pending: 'Pending', in_progress: 'In progress', review: 'Review', completed: 'Completed', failed: 'Failed' };

/** The human-readable summary printed without --json. */
export function formatSnapshot(j: SnapshotJson): string {
  const s = j.session;
  const lines = [`${j.project.name}  ${j.project.path}`];
  if (!j.hasLoki) lines.push('No .loki folder: no Loki session has run here yet.');
  const bits = [
    s.status,
    s.phase ? `phase ${s.phase}` : null,
    s.iteration !== null ? `iteration ${s.iteration}` : null,
    s.provider,
    s.alive ? 'runner alive' : 'no live runner',
    s.startedAt ? `started ${s.startedAt}` : null,
    s.tokens ? `tokens ${s.tokens.input} in / ${s.tokens.output} out` : null,
    s.costUsd !== null ? `$${s.costUsd.toFixed(2)}` : null,
    s.budget?.limit ? `budget $${(s.budget.used ?? 0).toFixed(2)} of $${s.budget.limit.toFixed(2)}${s.budget.exceeded ? ' (exceeded)' : ''}` : null,
  ].filter(Boolean);
  lines.push(`Session: ${bits.join(' · ')}`, '');
  for (const status of TASK_STATUSES) {
    const tasks = j.columns[status];
    lines.push(`${COLUMN_TITLES[status]} (${tasks.length})`);
    for (const t of tasks) lines.push(`  - ${t.id}  ${oneLine(t.title)}  [${t.priority}, ${t.source}${t.readOnly ? ', read-only' : ''}]`);
  }
  lines.push('', `Agents (${j.agents.length})`);
  for (const a of j.agents) lines.push(`  - ${a.name} (${a.type}${a.model ? `, ${a.model}` : ''}) ${a.status}${a.currentTask ? `: ${oneLine(a.currentTask)}` : ''}`);
  lines.push(`Learnings: ${j.learnings}`);
  lines.push(`Problems (${j.problems.length})`);
  for (const p of j.problems) lines.push(`  - ${p.file}: ${p.message}`);
  return lines.map(escapeForTerminal).join('\n') + '\n';
}

/**
 * `.loki` text is untrusted: a title holding ESC sequences could move the cursor, rewrite earlier lines or set
 * the window title of whoever prints it. Control characters (C0, DEL, C1) and bidi overrides are shown as `\xNN`/`\u{…}`.
 */
export function escapeForTerminal(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, c => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
