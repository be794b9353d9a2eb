// The headless ControlHandler: control routes write straight into the project's `.loki/` through core control.ts/queueWriter.ts.
import { join } from 'node:path';
import { ControlError, pauseSession, resumeSession, sendHumanInput, stopSession } from '../core/write/control';
import { addTask, moveTask } from '../core/write/queueWriter';
import type { ProjectInfo } from '../core/domain';
import type { ControlHandler } from './types';

/** A ControlHandler over the `.loki/` folders of the given projects (LokiCore's `projects()` in practice). */
export function coreControlHandler(projects: () => ProjectInfo[]): ControlHandler {
  const lokiDir = (projectId: string): string => {
    const p = projects().find(x => x.id === projectId);
    if (!p) throw new ControlError('not-found', `no project with id ${projectId}`);
    return join(p.path, '.loki');
  };
  return {
    pause: async id => pauseSession(lokiDir(id)),
    resume: async id => resumeSession(lokiDir(id)),
    stop: async id => stopSession(lokiDir(id)),
    sendInput: async (id, text) => sendHumanInput(lokiDir(id), text),
    addTask: async (id, task) => addTask(lokiDir(id), { ...task, source: 'api' }),
    moveTask: async (id, taskId, to) => moveTask(lokiDir(id), taskId, to),
  };
}
