// `loki-dashboard kpis <dir> [--json]`: the KPI snapshot of a project, in the shape of Loki's `loki report kpis --json`.
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { parseOrUsage } from './args';
import { formatKpisText } from '../core/insights/kpis';
import { checkProjectDir, loadInsights } from './insightsLoader';

const USAGE = `Usage: loki-dashboard kpis <dir> [--json] [--verbose]
  <dir> is the folder that contains .loki/
  Reads .loki/metrics/efficiency/iteration-*.json and .loki/council/votes/round-*.json.
  Unmeasured cost and tokens print as UNKNOWN (null in --json), never as 0.
`;

/** The `kpis` command module. */
export const kpisCommand: CliCommand = {
  name: 'kpis',
  summary: 'print efficiency and accuracy KPIs (same JSON fields as `loki report kpis --json`)',
  usage: '<dir> [--json]',
  async run(args) {
    const parsed = parseOrUsage('kpis', args, { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [dir, ...extra] = parsed.positionals;
    if (!dir || extra.length) {
      process.stderr.write(`loki-dashboard kpis: expected exactly one <dir>\n${USAGE}`);
      return EXIT_USAGE;
    }
    const bad = await checkProjectDir(dir);
    if (bad) {
      process.stderr.write(`loki-dashboard kpis: ${bad}\n`);
      return EXIT_USAGE;
    }
    const loaded = await loadInsights(dir, { verbose: parsed.values.verbose === true });
    try {
      const kpis = await loaded.service.kpis(loaded.projectId);
      process.stdout.write(parsed.values.json ? JSON.stringify(kpis, null, 2) + '\n' : formatKpisText(kpis));
      return 0;
    } finally {
      await loaded.close();
    }
  },
};
