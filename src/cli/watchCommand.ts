// `loki-dashboard watch <dir>`: the core's change envelopes for one project as JSON lines, live, until SIGINT/SIGTERM.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import { stderrLogger } from '../core/logger';
import { LokiCore } from '../core/lokiCore';
import { isPidAlive } from '../core/liveness';
import { Store } from '../core/store/store';
import { parseOrUsage } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { SHUTDOWN_GRACE_MS, settleWithin, stopSignal } from './shutdown';
import { cliHomeDir } from './snapshotCommand';

const USAGE = `Usage: loki-dashboard watch <dir> [--verbose]
  Prints every change the core derives from <dir>/.loki as one JSON line (a ChangeEnvelope:
  {"projectId","version","at","change":{"kind",...}}) until interrupted (Ctrl-C).
`;

/** The `watch` command module. */
export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'print change envelopes as JSON lines while <dir>/.loki changes',
  usage: '<dir>',
  async run(args) {
    const parsed = parseOrUsage('watch', args, { verbose: { type: 'boolean', short: 'v' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const [dir, ...extra] = parsed.positionals;
    if (!dir || extra.length) {
      process.stderr.write(`loki-dashboard watch: expected exactly one <dir>\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (!(await fs.stat(dir).catch(() => null))?.isDirectory()) {
      process.stderr.write(`loki-dashboard watch: ${path.resolve(dir)} does not exist or is not a directory\n`);
      return EXIT_USAGE;
    }

    const log = stderrLogger(parsed.values.verbose === true);
    const store = await Store.open({ file: null, log });
    const core = new LokiCore({ store, log, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: cliHomeDir(), isPidAlive });
    let pipeClosed: () => void = () => undefined;
    const closed = new Promise<void>(resolve => (pipeClosed = resolve));
    // A closed pipe (`watch ... | head`) ends the command instead of crashing on EPIPE.
    const onStdoutError = (): void => pipeClosed();
    process.stdout.on('error', onStdoutError);
    const sub = core.onChange(e => { process.stdout.write(JSON.stringify(e) + '\n'); });
    const signal = stopSignal();
    try {
      const info = await Promise.race([core.addProject(dir), signal.stopped]);
      if (typeof info === 'object') {
        log.info(`watching ${info.path}/.loki (project ${info.id}); Ctrl-C to stop`);
        await Promise.race([signal.stopped, closed]);
      }
      return 0;
    } finally {
      signal.sub.dispose();
      process.stdout.off('error', onStdoutError);
      sub.dispose();
      core.dispose();
      await settleWithin(store.close(), SHUTDOWN_GRACE_MS, () => log.warn('watch: teardown did not finish in time; exiting anyway'));
    }
  },
};
