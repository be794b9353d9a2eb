// The headless SeedControl: projects through LokiCore, `loki start` as a detached child, task edits and learnings
// through core/write (the same lock-safe writers the extension uses).
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LokiCore } from '../core/lokiCore';
import type { ProjectInfo } from '../core/domain';
import { ControlError } from '../core/write/control';
import { appendGlobalLearning } from '../core/write/learningWriter';
import { deleteTask, editTask } from '../core/write/taskEdit';
import type { SeedControl, SessionInput } from './seedTypes';

/** `loki start` arguments for an input and provider, as a list (never a shell string). */
export function lokiStartArgs(input: SessionInput, provider: string): string[] {
  const args = ['start'];
  if (input.kind === 'spec') args.push(input.path);
  else if (input.kind === 'brief') args.push(input.text.replace(/\s+/g, ' ').trim());
  args.push('--yes', '--provider', provider, '--no-dashboard');
  return args;
}

/** Renames by re-adding under the new name: the id comes from the path, so history and settings stay. */
export async function renameViaCore(core: LokiCore, projectId: string, name: string, registered: boolean): Promise<ProjectInfo> {
  const p = core.projects().find(x => x.id === projectId);
  if (!p) throw new ControlError('not-found', `no project with id ${projectId}`);
  core.removeProject(projectId);
  return core.addProject(p.path, { registered, name });
}

/** Starts `cli` detached in `cwd`; resolves once it is running, rejects clearly when it cannot start. */
function launch(cli: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cli, args, { cwd, detached: true, stdio: 'ignore', env: { ...process.env, LOKI_NO_HANDOFF: '1', LOKI_NO_AUTO_OPEN: '1' } });
    child.once('error', err => reject(new ControlError('io', `could not run ${cli}: ${err.message}`)));
    child.once('spawn', () => {
      // The session outlives this server, as a runner started from a shell would.
      child.unref();
      resolve(child.pid ?? 0);
    });
  });
}

/** Headless seed control over a LokiCore. `lokiCli` is the `loki` executable; `homeDir` holds `~/.loki/learnings`. */
export function coreSeedControl(core: LokiCore, opts: { lokiCli: string; homeDir: string | null }): SeedControl {
  const project = (id: string): ProjectInfo => {
    const p = core.projects().find(x => x.id === id);
    if (!p) throw new ControlError('not-found', `no project with id ${id}`);
    return p;
  };
  const lokiDir = (id: string): string => path.join(project(id).path, '.loki');
  return {
    async addProject(folder, name) {
      if (!(await fs.stat(folder).catch(() => null))?.isDirectory()) throw new ControlError('invalid', `${folder} does not exist or is not a directory`);
      return core.addProject(folder, { registered: true, name });
    },
    renameProject: (id, name) => renameViaCore(core, id, name, true),
    removeProject: id => { project(id); core.removeProject(id); return Promise.resolve(); },
    async startSession(id, { input, provider }) {
      const p = project(id);
      if (input.kind === 'spec' && !(await fs.stat(input.path).catch(() => null))?.isFile()) throw new ControlError('invalid', `${input.path} is not a file`);
      const pid = await launch(opts.lokiCli, lokiStartArgs(input, provider), p.path);
      return `started ${opts.lokiCli} start (pid ${pid}) in ${p.path}`;
    },
    editTask: async (id, taskId, patch) => editTask(lokiDir(id), taskId, patch),
    deleteTask: async (id, taskId) => deleteTask(lokiDir(id), taskId),
    async addLearning({ category, text, projectId }) {
      if (!opts.homeDir) throw new ControlError('invalid', 'no home folder for ~/.loki/learnings');
      return appendGlobalLearning(opts.homeDir, { category, description: text, project: projectId ? project(projectId).name : null });
    },
  };
}
