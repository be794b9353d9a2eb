// `GET /api/attention`: every "Needs you" item, optionally of one project (scope `read`).
import type { AttentionItem } from '../core/domain';
import { selectProjects } from './lookup';
import type { RouteDef } from './router';
import type { DataSource } from './types';

/** The attention read route. */
export function attentionRoutes(source: DataSource, items: () => AttentionItem[]): RouteDef[] {
  return [
    {
      method: 'GET', path: '/api/attention', scope: 'read', summary: 'What waits on a person ("Needs you"), most urgent first, optionally by project',
      handler: ctx => {
        const projectId = ctx.query.get('project');
        const ids = new Set(selectProjects(source, projectId).map(p => p.id));
        const list = items().filter(i => ids.has(i.projectId));
        return { status: 200, body: { count: list.length, items: list } };
      },
    },
  ];
}
