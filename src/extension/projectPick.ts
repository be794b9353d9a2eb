import * as vscode from 'vscode';
import type { LokiCore } from '../core/lokiCore';
import type { ProjectInfo } from '../core/domain';
import { RefusedError } from './trust';

/** Anything a command may receive that names a project: an id, a tree item, `{ projectId }`. */
export function projectIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o.projectId === 'string') return o.projectId;
  const p = o.project as Record<string, unknown> | undefined;
  if (p && typeof p.id === 'string') return p.id;
  return undefined;
}

/**
 * The project an action is about: the one named by `arg`, else the active one (active editor or only project),
 * else a quick pick. Throws RefusedError when there is none or the user cancels.
 */
export async function resolveProject(core: LokiCore, arg: unknown, active: () => string | null, placeHolder: string, filter?: (p: ProjectInfo) => boolean): Promise<ProjectInfo> {
  const projects = core.projects();
  const id = projectIdOf(arg);
  if (id !== undefined) {
    const p = projects.find(x => x.id === id);
    if (!p) throw new Error(`Unknown Loki project: ${id}`);
    return p;
  }
  const candidates = filter ? projects.filter(filter) : projects;
  if (candidates.length === 0) {
    const message = projects.length ? 'No Loki project is in a state for this action.' : 'No Loki project yet. Add a folder with Loki: Add Project Folder, or start the demo.';
    void vscode.window.showInformationMessage(message);
    throw new RefusedError('no-project', message);
  }
  if (candidates.length === 1) return candidates[0]!;
  const activeId = active();
  const items = candidates
    .map(p => ({ label: p.name, description: p.path, project: p, picked: p.id === activeId }))
    .sort((a, b) => Number(b.picked) - Number(a.picked));
  const choice = await vscode.window.showQuickPick(items, { placeHolder });
  if (!choice) throw new RefusedError('cancelled', 'Cancelled');
  return choice.project;
}
