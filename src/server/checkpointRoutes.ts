// Checkpoint routes: list (read), one checkpoint with what changed since (read), roll back (control).
// Rollback goes through the same CheckpointService as the editor, so the running check, the restore point and
// the undo are the same whichever door is used.
import type { CheckpointFacts, FileChange } from '../core/checkpoints/checkpointGit';
import { CheckpointError } from '../core/checkpoints/git';
import type { CheckpointInfo, ProjectInfo } from '../core/domain';
import { ApiError } from './httpUtil';
import { bodyObject, selectProjects } from './lookup';
import type { RouteDef } from './router';
import type { CheckpointRouteDeps, DataSource } from './types';

const STATUS: Record<CheckpointError['reason'], number> = { 'not-found': 404, invalid: 400, busy: 409, 'no-git': 409, conflict: 409, untrusted: 403, io: 500 };

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (CheckpointError.is(err)) throw new ApiError(STATUS[err.reason], err.reason.replace('-', '_'), err.message);
    throw err;
  }
}

const withProject = (c: CheckpointInfo, projectId: string, f?: CheckpointFacts): Record<string, unknown> => ({
  ...c, projectId, ...(f ? { commitExists: f.commitExists, changedFiles: f.changedFiles } : {}),
});

/** The checkpoint routes; without deps they answer 501. */
export function checkpointRoutes(source: DataSource, deps: CheckpointRouteDeps | undefined): RouteDef[] {
  const need = (): CheckpointRouteDeps => {
    if (!deps) throw new ApiError(501, 'checkpoints_unavailable', 'this server does not serve checkpoints');
    return deps;
  };
  /** The project holding checkpoint `id`: the named one, else the only project that has it. */
  const locate = async (d: CheckpointRouteDeps, id: string, projectId: string | null): Promise<{ project: ProjectInfo; checkpoint: CheckpointInfo }> => {
    const hits: Array<{ project: ProjectInfo; checkpoint: CheckpointInfo }> = [];
    for (const project of selectProjects(source, projectId)) {
      const checkpoint = (await mapped(() => d.service.list(project))).find(c => c.id === id);
      if (checkpoint) hits.push({ project, checkpoint });
    }
    if (!hits.length) throw new ApiError(404, 'checkpoint_not_found', `no checkpoint ${id}${projectId ? ` in project ${projectId}` : ''}`);
    if (hits.length > 1) throw new ApiError(400, 'ambiguous', `several projects have a checkpoint ${id}; pass project=<id>`);
    return hits[0]!;
  };
  return [
    {
      method: 'GET', path: '/api/checkpoints', scope: 'read', summary: 'Checkpoints of every project (or of ?project=), newest first',
      handler: async ctx => {
        const d = need();
        const withFacts = ctx.query.get('facts') === 'true';
        const out: Array<Record<string, unknown>> = [];
        for (const project of selectProjects(source, ctx.query.get('project'))) {
          const cps = await mapped(() => d.service.list(project));
          const facts = withFacts ? await mapped(() => d.service.facts(project, cps)) : [];
          cps.forEach((c, i) => out.push(withProject(c, project.id, facts[i])));
        }
        return { status: 200, body: { checkpoints: out } };
      },
    },
    {
      method: 'GET', path: '/api/checkpoints/{id}', scope: 'read', summary: 'One checkpoint with the files changed since and the commits after it',
      handler: async ctx => {
        const d = need();
        const { project, checkpoint } = await locate(d, ctx.params.id!, ctx.query.get('project'));
        const [facts] = await mapped(() => d.service.facts(project, [checkpoint]));
        let files: FileChange[] | null = null;
        let commitsAfter: number | null = null;
        if (facts?.commitExists) {
          files = (await mapped(() => d.service.changes(project, checkpoint.id))).files;
          commitsAfter = await d.service.plan(project, checkpoint.id).then(p => p.commitsAfterCount, () => null);
        }
        return { status: 200, body: { checkpoint: withProject(checkpoint, project.id, facts), files, commitsAfter } };
      },
    },
    {
      method: 'POST', path: '/api/checkpoints/{id}/rollback', scope: 'control', summary: 'Roll the working tree and .loki state back to a checkpoint (undoable)',
      handler: async ctx => {
        const d = need();
        const refusal = d.rollbackRefusal();
        if (refusal) throw refusal;
        const body = ctx.body === undefined || ctx.body === null ? {} : bodyObject(ctx.body);
        const projectId = body.project === undefined ? ctx.query.get('project') : typeof body.project === 'string' ? body.project : null;
        if (body.project !== undefined && typeof body.project !== 'string') throw new ApiError(400, 'bad_body', 'project must be a string');
        const expect = body.expectCommitsAfter;
        if (expect !== undefined && !(typeof expect === 'number' && Number.isSafeInteger(expect) && expect >= 0)) throw new ApiError(400, 'bad_body', 'expectCommitsAfter must be a non-negative integer');
        const { project, checkpoint } = await locate(d, ctx.params.id!, projectId);
        const r = await mapped(() => d.service.rollback(project, checkpoint.id, expect === undefined ? undefined : { commitsAfter: expect }));
        return {
          status: 200,
          body: { ok: true, projectId: project.id, checkpointId: r.checkpointId, filesChanged: r.filesChanged, stateFilesRestored: r.stateFilesRestored, restorePoint: r.restorePoint.id },
        };
      },
    },
  ];
}
