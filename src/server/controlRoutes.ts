// Control routes (scope `control`): session signals, input, adding and moving tasks, all through the injected ControlHandler.
import { ControlError } from '../core/write/control';
import { isTaskPriority, isTaskStatus } from '../core/domain';
import { ApiError } from './httpUtil';
import { bodyObject, requireCurrentSession, requireSnapshot, stringField } from './lookup';
import type { RouteDef } from './router';
import type { ControlHandler, DataSource } from './types';
import { errorMessage } from '../core/errors';

/** Largest input text (the runner refuses HUMAN_INPUT.md above 1 MiB). */
export const MAX_INPUT_BYTES = 1024 * 1024;

const STATUS_BY_REASON: Record<ControlError['reason'], number> = {
  'no-loki': 409, 'too-large': 413, locked: 409, io: 500, 'not-found': 404, 'read-only': 409, invalid: 400, 'outside-project': 403,
};

/** Turns whatever the handler threw into an ApiError with a useful status. */
export function controlFailure(err: unknown): ApiError {
  if (ApiError.is(err)) return err;
  if (ControlError.is(err)) return new ApiError(STATUS_BY_REASON[err.reason] ?? 500, err.reason.replace('-', '_'), err.message);
  return new ApiError(500, 'control_failed', errorMessage(err));
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw controlFailure(err);
  }
}

/** The control routes; without a handler they answer 501 so a read-only server says so plainly. */
export function controlRoutes(source: DataSource, control: ControlHandler | undefined): RouteDef[] {
  const need = (): ControlHandler => {
    if (!control) throw new ApiError(501, 'control_unavailable', 'this server does not accept control requests');
    return control;
  };
  const signal = (action: 'pause' | 'resume' | 'stop'): RouteDef => ({
    method: 'POST', path: `/api/sessions/{id}/${action}`, scope: 'control', summary: `${action[0]!.toUpperCase()}${action.slice(1)} a session`,
    handler: async ctx => {
      const c = need();
      const { projectId, session } = requireCurrentSession(source, ctx.params.id!);
      await run(() => c[action](projectId));
      return { status: 202, body: { ok: true, action, projectId, sessionId: session.id } };
    },
  });
  return [
    signal('pause'),
    signal('resume'),
    signal('stop'),
    {
      method: 'POST', path: '/api/sessions/{id}/input', scope: 'control', summary: 'Send text to a session (HUMAN_INPUT.md)',
      handler: async ctx => {
        const c = need();
        const body = bodyObject(ctx.body);
        const text = stringField(body, 'text', MAX_INPUT_BYTES);
        if (Buffer.byteLength(text, 'utf8') > MAX_INPUT_BYTES) throw new ApiError(413, 'payload_too_large', 'text is larger than 1 MiB');
        const { projectId, session } = requireCurrentSession(source, ctx.params.id!);
        await run(() => c.sendInput(projectId, text));
        return { status: 202, body: { ok: true, action: 'input', projectId, sessionId: session.id } };
      },
    },
    {
      method: 'POST', path: '/api/tasks', scope: 'control', summary: 'Add a task to a project\'s pending queue',
      handler: async ctx => {
        const c = need();
        const body = bodyObject(ctx.body);
        const projectId = stringField(body, 'project', 200);
        const title = stringField(body, 'title', 1000).trim();
        const description = stringField(body, 'description', 100_000, false);
        const priority = body.priority ?? 'medium';
        if (!isTaskPriority(priority)) throw new ApiError(400, 'bad_body', 'priority must be one of critical, high, medium, low');
        requireSnapshot(source, projectId);
        const id = await run(() => c.addTask(projectId, { title, description, priority }));
        return { status: 201, body: { id, projectId } };
      },
    },
    {
      method: 'PUT', path: '/api/tasks/{id}/move', scope: 'control', summary: 'Move a user-movable task to another column',
      handler: async ctx => {
        const c = need();
        const body = bodyObject(ctx.body);
        const projectId = stringField(body, 'project', 200);
        const to = body.to;
        if (!isTaskStatus(to)) throw new ApiError(400, 'bad_body', 'to must be one of pending, in_progress, review, completed, failed');
        requireSnapshot(source, projectId);
        await run(() => c.moveTask(projectId, ctx.params.id!, to));
        return { status: 200, body: { ok: true, id: ctx.params.id, projectId, to } };
      },
    },
  ];
}
