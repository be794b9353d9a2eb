// The extension's SeedControl: API writes go through the same registry, session actions (terminal) and trust checks as the UI.
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { ControlError } from '../../core/write/control';
import { appendGlobalLearning } from '../../core/write/learningWriter';
import { deleteTask, editTask } from '../../core/write/taskEdit';
import { renameViaCore } from '../../server/coreSeedControl';
import type { SeedControl } from '../../server/seedTypes';
import type { ExtensionServices } from '../services';
import { requireTrust } from '../trust';
import { guarded } from './sessionControl';

/** Adapts the extension's services to the server's SeedControl. */
export function extensionSeedControl(svc: ExtensionServices): SeedControl {
  const project = (id: string) => {
    const p = svc.core.projects().find(x => x.id === id);
    if (!p) throw new ControlError('not-found', `no project with id ${id}`);
    return p;
  };
  const lokiDir = (id: string): string => path.join(project(id).path, '.loki');
  return {
    addProject: (folder, name) => guarded(async () => {
      requireTrust('Adding a project');
      if (!(await fs.stat(folder).catch(() => null))?.isDirectory()) throw new ControlError('invalid', `${folder} does not exist or is not a directory`);
      const info = await svc.registry.addByUser(folder);
      return name ? renameViaCore(svc.core, info.id, name, true) : info;
    }),
    renameProject: (id, name) => guarded(() => {
      requireTrust('Renaming a project');
      return renameViaCore(svc.core, id, name, svc.store.listProjects().find(p => p.id === id)?.registered ?? false);
    }),
    removeProject: id => guarded(() => { requireTrust('Removing a project'); project(id); return svc.registry.removeByUser(id); }),
    startSession: (id, { input, provider }) => guarded(async () => {
      // The same action as the command: a terminal named after the project, trust and busy checks included.
      await svc.sessions.start(id, { input, provider });
      return `started in the VS Code terminal of ${project(id).name}`;
    }),
    editTask: (id, taskId, patch) => guarded(() => { requireTrust('Editing a task'); return editTask(lokiDir(id), taskId, patch); }),
    deleteTask: (id, taskId) => guarded(() => { requireTrust('Deleting a task'); return deleteTask(lokiDir(id), taskId); }),
    addLearning: ({ category, text, projectId }) => guarded(() => {
      requireTrust('Adding a learning');
      return appendGlobalLearning(os.homedir(), { category, description: text, project: projectId ? project(projectId).name : null });
    }),
  };
}
