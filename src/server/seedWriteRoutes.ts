// Write routes of the seed API (scope `control`): projects, starting sessions, editing/deleting user tasks, bulk add, learnings.
import path from 'node:path';
import { PROVIDERS, isTaskPriority } from '../core/domain';
import type { Provider, Task, TaskPriority } from '../core/domain';
import { LEARNING_CATEGORIES } from '../core/write/learningWriter';
import type { LearningCategory } from '../core/write/learningWriter';
import type { TaskPatch } from '../core/write/taskEdit';
import { controlFailure } from './controlRoutes';
import { ApiError } from './httpUtil';
import { bodyObject, requireSnapshot, stringField, tasksOf } from './lookup';
import type { RouteDef } from './router';
import type { BulkTask, SeedControl, SessionInput } from './seedTypes';
import type { ControlHandler, DataSource } from './types';

/** Most tasks one bulk request may add. */
export const MAX_BULK_TASKS = 100;

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw controlFailure(err);
  }
}

function optionalString(o: Record<string, unknown>, name: string, max: number): string | undefined {
  const v = o[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ApiError(400, 'bad_body', `${name} must be a string`);
  if (v.length > max) throw new ApiError(413, 'payload_too_large', `${name} is longer than ${max} characters`);
  return v;
}

function priorityOf(v: unknown, dflt: TaskPriority | undefined): TaskPriority | undefined {
  if (v === undefined) return dflt;
  if (!isTaskPriority(v)) throw new ApiError(400, 'bad_body', 'priority must be one of critical, high, medium, low');
  return v;
}

/** A task of a project by id, or 404. */
function findTask(source: DataSource, projectId: string | null, taskId: string): Task & { projectId: string } {
  const snaps = projectId ? [requireSnapshot(source, projectId)] : source.projects().flatMap(p => { const s = source.snapshot(p.id); return s ? [s] : []; });
  for (const s of snaps) {
    const t = tasksOf(s).find(x => x.id === taskId);
    if (t) return t;
  }
  throw new ApiError(404, 'not_found', `no task ${taskId}${projectId ? ` in project ${projectId}` : ''}`);
}

/** The input of `POST /api/sessions`: `prd` (a file inside the project) or `brief`, not both. */
function sessionInput(body: Record<string, unknown>, projectPath: string): SessionInput {
  const prd = optionalString(body, 'prd', 4096);
  const brief = optionalString(body, 'brief', 10_000);
  if (prd !== undefined && brief !== undefined) throw new ApiError(400, 'bad_body', 'give prd or brief, not both');
  if (prd !== undefined) {
    const abs = path.resolve(projectPath, prd);
    const rel = path.relative(projectPath, abs);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new ApiError(400, 'bad_body', 'prd must be a file inside the project');
    return { kind: 'spec', path: abs };
  }
  if (brief !== undefined && brief.trim()) return { kind: 'brief', text: brief };
  return { kind: 'none' };
}

/** The seed write routes; without a handler they answer 501. */
export function seedWriteRoutes(source: DataSource, seed: SeedControl | undefined, control: ControlHandler | undefined): RouteDef[] {
  const need = (): SeedControl => {
    if (!seed) throw new ApiError(501, 'control_unavailable', 'this server does not accept these requests');
    return seed;
  };
  const projectBody = (p: { id: string; name: string; path: string }) => ({ id: p.id, name: p.name, path: p.path });
  return [
    {
      method: 'POST', path: '/api/projects', scope: 'control', summary: 'Watch a folder as a project (remembered)',
      handler: async ctx => {
        const s = need();
        const body = bodyObject(ctx.body);
        const folder = stringField(body, 'path', 4096);
        if (!path.isAbsolute(folder)) throw new ApiError(400, 'bad_body', 'path must be absolute');
        const name = optionalString(body, 'name', 200)?.trim() || undefined;
        const info = await run(() => s.addProject(folder, name));
        return { status: 201, body: { project: projectBody(info) } };
      },
    },
    {
      method: 'PUT', path: '/api/projects/{id}', scope: 'control', summary: 'Rename a project',
      handler: async ctx => {
        const s = need();
        const name = stringField(bodyObject(ctx.body), 'name', 200).trim();
        requireSnapshot(source, ctx.params.id!);
        const info = await run(() => s.renameProject(ctx.params.id!, name));
        return { status: 200, body: { project: projectBody(info) } };
      },
    },
    {
      method: 'DELETE', path: '/api/projects/{id}', scope: 'control', summary: 'Stop watching a project (no file is deleted)',
      handler: async ctx => {
        const s = need();
        requireSnapshot(source, ctx.params.id!);
        await run(() => s.removeProject(ctx.params.id!));
        return { status: 200, body: { ok: true, id: ctx.params.id } };
      },
    },
    {
      method: 'POST', path: '/api/sessions', scope: 'control', summary: 'Start a Loki session in a project (`loki start`)',
      handler: async ctx => {
        const s = need();
        const body = bodyObject(ctx.body);
        const projectId = stringField(body, 'project', 200);
        const snap = requireSnapshot(source, projectId);
        const provider = body.provider ?? 'claude';
        if (!(PROVIDERS as readonly unknown[]).includes(provider)) throw new ApiError(400, 'bad_body', `provider must be one of ${PROVIDERS.join(', ')}`);
        const input = sessionInput(body, snap.project.path);
        if (snap.session.alive) throw new ApiError(409, 'busy', `a Loki session is already running in ${snap.project.name}`);
        const note = await run(() => s.startSession(projectId, { input, provider: provider as Provider }));
        return { status: 202, body: { ok: true, action: 'start', projectId, note } };
      },
    },
    {
      method: 'GET', path: '/api/tasks/{id}', scope: 'read', summary: 'One task (`project` narrows the search)',
      handler: ctx => ({ status: 200, body: { task: findTask(source, ctx.query.get('project') || null, ctx.params.id!) } }),
    },
    {
      method: 'PUT', path: '/api/tasks/{id}', scope: 'control', summary: 'Edit a task you added (runner-owned tasks: 409)',
      handler: async ctx => {
        const s = need();
        const body = bodyObject(ctx.body);
        const projectId = stringField(body, 'project', 200);
        const patch: TaskPatch = {};
        const title = optionalString(body, 'title', 1000);
        if (title !== undefined) patch.title = title;
        const description = optionalString(body, 'description', 100_000);
        if (description !== undefined) patch.description = description;
        const priority = priorityOf(body.priority, undefined);
        if (priority !== undefined) patch.priority = priority;
        if (Object.keys(patch).length === 0) throw new ApiError(400, 'bad_body', 'give at least one of title, description, priority');
        findTask(source, projectId, ctx.params.id!);
        await run(() => s.editTask(projectId, ctx.params.id!, patch));
        return { status: 200, body: { ok: true, id: ctx.params.id, projectId } };
      },
    },
    {
      method: 'DELETE', path: '/api/tasks/{id}', scope: 'control', summary: 'Delete a task you added (`?project=`; runner-owned tasks: 409)',
      handler: async ctx => {
        const s = need();
        const projectId = ctx.query.get('project');
        if (!projectId) throw new ApiError(400, 'bad_parameter', 'project is required');
        findTask(source, projectId, ctx.params.id!);
        await run(() => s.deleteTask(projectId, ctx.params.id!));
        return { status: 200, body: { ok: true, id: ctx.params.id, projectId } };
      },
    },
    {
      method: 'POST', path: '/api/tasks/bulk', scope: 'control', summary: `Add up to ${MAX_BULK_TASKS} tasks to a project's pending queue`,
      handler: async ctx => {
        if (!control) throw new ApiError(501, 'control_unavailable', 'this server does not accept control requests');
        const body = bodyObject(ctx.body);
        const projectId = stringField(body, 'project', 200);
        requireSnapshot(source, projectId);
        if (!Array.isArray(body.tasks) || body.tasks.length === 0) throw new ApiError(400, 'bad_body', 'tasks must be a non-empty array');
        if (body.tasks.length > MAX_BULK_TASKS) throw new ApiError(413, 'payload_too_large', `at most ${MAX_BULK_TASKS} tasks per request`);
        // Every task is checked before the first is written, so a bad item adds nothing.
        const tasks: BulkTask[] = body.tasks.map((t: unknown, i: number) => {
          if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new ApiError(400, 'bad_body', `tasks[${i}] must be an object`);
          const o = t as Record<string, unknown>;
          return { title: stringField(o, 'title', 1000).trim(), description: stringField(o, 'description', 100_000, false), priority: priorityOf(o.priority, 'medium')! };
        });
        const ids: string[] = [];
        for (const t of tasks) ids.push(await run(() => control.addTask(projectId, t)));
        return { status: 201, body: { ids, projectId } };
      },
    },
    {
      method: 'POST', path: '/api/learnings', scope: 'control', summary: 'Add a learning to the machine-wide store (~/.loki/learnings)',
      handler: async ctx => {
        const s = need();
        const body = bodyObject(ctx.body);
        const text = stringField(body, 'text', 10_000).trim();
        const category = body.category ?? 'patterns';
        if (!(LEARNING_CATEGORIES as readonly unknown[]).includes(category)) throw new ApiError(400, 'bad_body', `category must be one of ${LEARNING_CATEGORIES.join(', ')}`);
        const projectId = optionalString(body, 'project', 200) ?? null;
        if (projectId) requireSnapshot(source, projectId);
        const added = await run(() => s.addLearning({ category: category as LearningCategory, text, projectId }));
        return { status: added ? 201 : 200, body: { ok: true, added } };
      },
    },
  ];
}
