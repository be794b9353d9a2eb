// `loki-dashboard export <dir> <format> [--out FILE] [--session ID] [--store DB]`: Loki's four export formats.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS } from '../core/domain';
import { parseExportFormat } from '../core/insights/exportFormats';
import { InsightsError } from '../core/insights/insightsService';
import { parseOrUsage } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { checkProjectDir, loadInsights } from './insightsLoader';

const USAGE = `Usage: loki-dashboard export <dir> <format> [--out FILE] [--session ID] [--store DB] [--force]
  <dir>      the folder that contains .loki/
  <format>   ${EXPORT_FORMATS.join(' | ')} (md = markdown)
  --out      write to FILE instead of stdout (refuses to overwrite unless --force)
  --session  a session id (default: the current session); past sessions need --store
  --store    the dashboard's database file (read from a copy, never changed)
`;

/** Exit code for an unknown session. */
export const EXIT_NOT_FOUND = 3;

/** The `export` command module. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a session as json, markdown, csv or timeline (like `loki export`)',
  usage: '<dir> <format> [--out FILE] [--session ID]',
  async run(args) {
    const parsed = parseOrUsage('export', args, {
      out: { type: 'string', short: 'o' }, session: { type: 'string' }, store: { type: 'string' }, force: { type: 'boolean', short: 'f' }, verbose: { type: 'boolean', short: 'v' },
    }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [dir, formatArg, ...extra] = parsed.positionals;
    const fail = (msg: string, code = EXIT_USAGE): number => {
      process.stderr.write(`loki-dashboard export: ${msg}\n${code === EXIT_USAGE ? USAGE : ''}`);
      return code;
    };
    if (!dir || !formatArg || extra.length) return fail('expected <dir> and <format>');
    const format = parseExportFormat(formatArg);
    if (!format) return fail(`unknown format '${formatArg}' (supported: ${EXPORT_FORMATS.join(', ')})`);
    const bad = await checkProjectDir(dir);
    if (bad) return fail(bad);
    const storeFile = typeof parsed.values.store === 'string' ? parsed.values.store : undefined;
    if (storeFile && !(await fs.stat(storeFile).catch(() => null))?.isFile()) return fail(`--store ${storeFile} is not a file`);
    const out = typeof parsed.values.out === 'string' ? path.resolve(parsed.values.out) : null;
    if (out && !parsed.values.force && (await fs.stat(out).catch(() => null))) return fail(`${out} exists (pass --force to overwrite)`, 1);
    const loaded = await loadInsights(dir, { storeFile, verbose: parsed.values.verbose === true });
    try {
      const session = typeof parsed.values.session === 'string' ? parsed.values.session : loaded.projectId;
      let rendered;
      try {
        rendered = await loaded.service.export(session, format);
      } catch (err) {
        if (InsightsError.is(err)) return fail(`${err.message}${storeFile ? '' : ' (past sessions need --store)'}`, EXIT_NOT_FOUND);
        throw err;
      }
      if (!out) {
        process.stdout.write(rendered.text);
        return 0;
      }
      await fs.writeFile(out, rendered.text);
      process.stderr.write(`Exported to ${out}\n`);
      return 0;
    } finally {
      await loaded.close();
    }
  },
};
