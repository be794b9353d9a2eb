// `loki-dashboard snapshot <dir> [--json]`: one reading of a project's `.loki/` exactly as the core sees it.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import { stderrLogger } from '../core/logger';
import { isPidAlive } from '../core/liveness';
import { projectIdFor } from '../core/projectId';
import { ProjectModel } from '../core/projectModel';
import { parseOrUsage } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { formatSnapshot, toSnapshotJson } from './snapshotJson';
import type { SnapshotJson } from './snapshotJson';

/** Home whose `.loki/learnings` the CLI reads: env LOKI_DASHBOARD_HOME (tests, demos) or the user's home. */
export function cliHomeDir(): string {
  return process.env.LOKI_DASHBOARD_HOME || os.homedir();
}

/** Reads `<dir>/.loki` once through ProjectModel and returns the documented JSON. */
export async function readSnapshot(dir: string, verbose = false): Promise<SnapshotJson> {
  const abs = path.resolve(dir);
  const model = new ProjectModel({
    project: { id: projectIdFor(abs), name: path.basename(abs), path: abs },
    files: new NodeFileAccessor(),
    log: stderrLogger(verbose),
    homeDir: cliHomeDir(),
    isPidAlive,
    now: Date.now,
    // One reading: a torn file is reported at once (there is no later look to wait for).
    transientGraceMs: 0,
  });
  await model.loadAll();
  return toSnapshotJson(model.snapshot());
}

const USAGE = 'Usage: loki-dashboard snapshot <dir> [--json] [--verbose]\n  <dir> is the folder that contains .loki/\n';

/** The `snapshot` command module. */
export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: 'print the project state (session, board columns, agents, problems) once',
  usage: '<dir> [--json]',
  async run(args) {
    const parsed = parseOrUsage('snapshot', args, { json: { type: 'boolean' }, verbose: { type: 'boolean', short: 'v' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [dir, ...extra] = parsed.positionals;
    if (!dir || extra.length) {
      process.stderr.write(`loki-dashboard snapshot: expected exactly one <dir>\n${USAGE}`);
      return EXIT_USAGE;
    }
    const st = await fs.stat(dir).catch(() => null);
    if (!st?.isDirectory()) {
      process.stderr.write(`loki-dashboard snapshot: ${path.resolve(dir)} does not exist or is not a directory\n`);
      return EXIT_USAGE;
    }
    const snap = await readSnapshot(dir, parsed.values.verbose === true);
    process.stdout.write(parsed.values.json ? JSON.stringify(snap, null, 2) + '\n' : formatSnapshot(snap));
    return 0;
  },
};
