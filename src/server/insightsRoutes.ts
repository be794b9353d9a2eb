// Insights routes (scope `read`): KPIs of a project and session exports in Loki's four formats.
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import { EXPORT_FORMATS } from '../core/domain';
import { parseExportFormat } from '../core/insights/exportFormats';
import { InsightsError, InsightsService } from '../core/insights/insightsService';
import { ApiError } from './httpUtil';
import { requireSnapshot } from './lookup';
import type { RouteDef } from './router';
import type { DataSource } from './types';

/** Turns "unknown project/session" into the API's 404. */
async function orNotFound<T>(code: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (InsightsError.is(err)) throw new ApiError(404, code, err.message);
    throw err;
  }
}

/** `attachment; filename="…"` with the name reduced to safe characters (it comes from the project folder name). */
function disposition(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}

/** The insights routes. */
export function insightsRoutes(source: DataSource, version: string): RouteDef[] {
  const service = new InsightsService({ source, files: new NodeFileAccessor(), version });
  return [
    {
      method: 'GET', path: '/api/projects/{id}/kpis', scope: 'read', summary: 'KPIs of a project (the fields of `loki report kpis --json`)',
      handler: async ctx => {
        requireSnapshot(source, ctx.params.id!);
        return { status: 200, body: await orNotFound('project_not_found', () => service.kpis(ctx.params.id!)) };
      },
    },
    {
      method: 'GET', path: '/api/sessions/{id}/export', scope: 'read', summary: 'Export a session as json, markdown, csv or timeline',
      handler: async ctx => {
        const raw = ctx.query.get('format') ?? 'json';
        const format = parseExportFormat(raw);
        if (!format) throw new ApiError(400, 'bad_format', `format must be one of ${EXPORT_FORMATS.join(', ')}`);
        const out = await orNotFound('session_not_found', () => service.export(ctx.params.id!, format));
        return { status: 200, body: null, raw: { text: out.text, contentType: out.contentType, headers: { 'Content-Disposition': disposition(out.fileName) } } };
      },
    },
  ];
}
