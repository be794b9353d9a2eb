// Control from the hub: a request becomes a row in loki_commands for the publisher that owns the project, which
// applies it with its own lock-safe writers and answers; a gone publisher fails the request at once, a silent one
// after the command timeout (never a hang).
import type { ApiNewTask, ControlHandler } from '../types';
import { ApiError } from '../httpUtil';
import type { TeamHub } from './teamHub';
import { CHANNELS } from './teamKeys';

interface Answer { status: 'pending' | 'done' | 'failed'; result: { ok?: boolean; value?: unknown; error?: string; reason?: string | null } | null }

const STATUS_BY_REASON: Record<string, number> = { 'no-loki': 409, 'too-large': 413, locked: 409, 'not-found': 404, 'read-only': 409, invalid: 400 };

/** A ControlHandler that routes every request to the owning publisher through the command table. */
export function teamControl(hub: TeamHub): ControlHandler {
  const send = async (projectId: string, action: string, args: Record<string, unknown> = {}): Promise<unknown> => {
    const owner = hub.machineOf(projectId);
    if (!owner) throw new ApiError(404, 'project_not_found', `no project with id ${projectId}`);
    if (!owner.online) throw new ApiError(503, 'publisher_offline', `the publisher ${owner.machine} that owns this project is offline`);
    const id = (await hub.pool.query<{ id: string }>(
      'INSERT INTO loki_commands (machine, project_key, action, args) VALUES ($1, $2, $3, $4) RETURNING id', [owner.machine, projectId, action, JSON.stringify(args)],
    )).rows[0]!.id;
    const wait = hub.waitForCommand(String(id), hub.timing.commandTimeoutMs);
    await hub.pool.query('SELECT pg_notify($1, $2)', [CHANNELS.commands, owner.machine]);
    const answered = await wait.done;
    const row = (await hub.pool.query<Answer>('SELECT status, result FROM loki_commands WHERE id = $1', [id])).rows[0];
    if (!answered && row?.status === 'pending') {
      await hub.pool.query(`UPDATE loki_commands SET status = 'failed', result = '{"error":"timed out at the hub"}', done_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
      throw new ApiError(504, 'publisher_timeout', `the publisher ${owner.machine} did not answer within ${hub.timing.commandTimeoutMs} ms`);
    }
    if (row?.status === 'failed') {
      const reason = row.result?.reason ?? '';
      throw new ApiError(STATUS_BY_REASON[reason] ?? 502, reason ? reason.replace('-', '_') : 'publisher_failed', `${owner.machine}: ${row.result?.error ?? 'failed'}`);
    }
    return row?.result?.value;
  };
  return {
    pause: async id => { await send(id, 'pause'); },
    resume: async id => { await send(id, 'resume'); },
    stop: async id => { await send(id, 'stop'); },
    sendInput: async (id, text) => { await send(id, 'input', { text }); },
    addTask: async (id, task: ApiNewTask) => String(await send(id, 'addTask', { ...task })),
    moveTask: async (id, taskId, to) => { await send(id, 'moveTask', { taskId, to }); },
  };
}
