// The extension's ControlHandler: API control requests go through SessionActions, which enforce workspace trust.
import { ApiError } from '../../server/httpUtil';
import type { ControlHandler, DataSource } from '../../server/types';
import type { SessionActions } from '../sessionApi';
import { RefusedError } from '../trust';

const STATUS: Record<RefusedError['reason'], number> = { untrusted: 403, cancelled: 409, 'no-project': 404, 'no-cli': 409, busy: 409 };

/** Runs an action, turning host refusals into API errors with a precise status. */
export async function guarded<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // Refusals carry a reason worth a precise status; anything else is reported by the server as 500 with its message.
    if (RefusedError.is(err)) throw new ApiError(STATUS[err.reason] ?? 409, err.reason.replace('-', '_'), err.message);
    throw err;
  }
}

/** Adapts SessionActions to the server's ControlHandler. */
export function sessionControl(sessions: SessionActions, source: DataSource): ControlHandler {
  return {
    pause: id => guarded(() => sessions.pause(id)),
    resume: id => guarded(() => sessions.resume(id)),
    stop: id => guarded(() => sessions.stop(id)),
    sendInput: (id, text) => guarded(() => sessions.sendInput(id, text)),
    addTask: (id, task) => guarded(async () => {
      const newId = await sessions.addTask(id, task);
      if (newId === undefined) throw new ApiError(409, 'cancelled', 'the task was not added');
      return newId;
    }),
    moveTask: (id, taskId, to) => guarded(() => {
      // SessionActions reports write failures as plain Errors; check the card first so API clients get 404/409 as headless does.
      const task = Object.values(source.snapshot(id)?.columns ?? {}).flat().find(t => t.id === taskId);
      if (!task) throw new ApiError(404, 'not_found', `no task ${taskId} in project ${id}`);
      if (task.readOnly) throw new ApiError(409, 'read_only', `task ${taskId} is owned by the runner and cannot be moved`);
      return sessions.moveTask(id, taskId, to);
    }),
  };
}
