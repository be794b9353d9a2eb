// Headless CLI entry (`loki-dashboard`, bundled to dist/cli.js). Commands are modules in this folder; to add one,
// import it and list it in COMMANDS.
import type { CliCommand } from './command';
import { runCli } from './dispatch';
import { exportCommand } from './exportCommand';
import { kpisCommand } from './kpisCommand';
import { serveCommand } from './serveCommand';
import { exitWith } from './shutdown';
import { simulateCommand } from './simulateCommand';
import { snapshotCommand } from './snapshotCommand';
import { tokenCommand } from './tokenCommand';
import { watchCommand } from './watchCommand';

/** Every command of the CLI, in usage order. */
const COMMANDS: CliCommand[] = [
  snapshotCommand,
  kpisCommand,
  exportCommand,
  watchCommand,
  simulateCommand,
  serveCommand,
  tokenCommand,
];

void runCli(COMMANDS, process.argv.slice(2)).then(exitWith);
