// *Loki: Export Session…* and *Loki: Show KPIs*: from the palette, the project's context menu and the dashboard.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import type { ExportFormat } from '../core/domain';
import { EXPORT_FORMATS } from '../core/domain';
import { parseExportFormat } from '../core/insights/exportFormats';
import { kpiSection } from '../core/insights/exportMarkdown';
import { InsightsService } from '../core/insights/insightsService';
import type { LokiCore } from '../core/lokiCore';
import { registerGuardedCommand } from './commandBoundary';
import { resolveProject } from './projectPick';
import type { ExtensionServices } from './services';
import { RefusedError } from './trust';

/** The extension's version from its package.json. */
export function extensionVersion(context: vscode.ExtensionContext): string {
  const v = (context.extension.packageJSON as { version?: unknown }).version;
  return typeof v === 'string' ? v : '0.0.0';
}

/** The insights over the extension's core (the dashboard and the commands share this). */
export function createInsights(core: LokiCore, version: string): InsightsService {
  return new InsightsService({ source: core, files: new NodeFileAccessor(), version });
}

const FORMAT_ITEMS: Array<vscode.QuickPickItem & { format: ExportFormat }> = [
  { label: 'Markdown', description: 'A summary to paste into a PR or an issue', format: 'markdown' },
  { label: 'JSON', description: 'Full session state', format: 'json' },
  { label: 'CSV', description: 'Task queue (status, id, title, created_at)', format: 'csv' },
  { label: 'Timeline', description: 'Iterations and events in time order (JSON)', format: 'timeline' },
];

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  markdown: { Markdown: ['md'] }, json: { JSON: ['json'] }, csv: { CSV: ['csv'] }, timeline: { JSON: ['json'] },
};

/** A Uri from a command argument (a Uri or an absolute path), for tests and scripts that skip the save dialog. */
function uriOf(x: unknown): vscode.Uri | undefined {
  if (x instanceof vscode.Uri) return x;
  if (typeof x === 'string' && path.isAbsolute(x)) return vscode.Uri.file(x);
  return undefined;
}

/**
 * Registers `lokiDashboard.exportSession` and `lokiDashboard.showKpis`. Both take a project (id, tree item or
 * `{ projectId }`); export also takes `{ format, sessionId, target }` (a target Uri skips the save dialog).
 */
export function registerInsightsCommands(svc: ExtensionServices): vscode.Disposable {
  const insights = createInsights(svc.core, extensionVersion(svc.context));
  const opts = (arg: unknown): Record<string, unknown> => (typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as Record<string, unknown>) : {});
  const reg = (id: string, fn: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    registerGuardedCommand(svc, id, fn);

  return vscode.Disposable.from(
    reg('exportSession', async (arg, extra) => {
      const o = { ...opts(arg), ...opts(extra) };
      const project = await resolveProject(svc.core, arg, () => svc.activeProjectId(), 'Export the Loki session of…');
      let format = typeof o.format === 'string' ? parseExportFormat(o.format) : null;
      if (!format) {
        const choice = await vscode.window.showQuickPick(FORMAT_ITEMS, { placeHolder: `Export format (${EXPORT_FORMATS.join(', ')})` });
        if (!choice) throw new RefusedError('cancelled', 'Cancelled');
        format = choice.format;
      }
      // A History row of the Projects tree carries its past session as `summary`.
      const summary = o.summary as { id?: unknown } | undefined;
      const sessionId = typeof o.sessionId === 'string' ? o.sessionId : typeof summary?.id === 'string' ? summary.id : project.id;
      const rendered = await insights.export(sessionId, format);
      let target = uriOf(o.target);
      if (!target) {
        target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(path.join(project.path, rendered.fileName)), filters: FILTERS[format], saveLabel: 'Export' });
        if (!target) throw new RefusedError('cancelled', 'Cancelled');
      }
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(rendered.text));
      svc.log.info(`Exported ${project.name} as ${format} to ${target.fsPath}`);
      if (format === 'markdown') await vscode.commands.executeCommand('markdown.showPreview', target);
      else {
        void vscode.window.showInformationMessage(`Exported to ${target.fsPath}`, 'Open').then(c => {
          if (c) void vscode.window.showTextDocument(target);
        });
      }
      return target.fsPath;
    }),
    reg('showKpis', async arg => {
      const project = await resolveProject(svc.core, arg, () => svc.activeProjectId(), 'Show the KPIs of…');
      const kpis = await insights.kpis(project.id);
      const content = [`# KPIs: ${project.name}`, '', `Snapshot at ${kpis.generated_at}; \`null\`/"not measured" means no record measured it, never 0.`, '', ...kpiSection(kpis), '', '```json', JSON.stringify(kpis, null, 2), '```', ''].join('\n');
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
      return kpis;
    }),
  );
}
