// Argument dispatch for the headless CLI: finds the command module, prints usage for --help and mistakes.
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { errorMessage } from '../core/errors';

/** The usage text listing every command. */
export function usageText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map(c => `${c.name} ${c.usage}`.length));
  return [
    'Usage: loki-dashboard <command> [options]',
    '',
    'Commands:',
    ...commands.map(c => `  ${`${c.name} ${c.usage}`.padEnd(width)}  ${c.summary}`),
    '',
    'Run `loki-dashboard <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/** Runs the command named by `argv[0]`; resolves to the exit code (2 for usage errors). */
export async function runCli(commands: readonly CliCommand[], argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    out.write(usageText(commands));
    return name === 'help' || argv.length === 1 ? 0 : EXIT_USAGE;
  }
  const command = commands.find(c => c.name === name);
  if (!command) {
    err.write(name ? `loki-dashboard: unknown command '${name}'\n\n` : 'loki-dashboard: missing command\n\n');
    err.write(usageText(commands));
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    err.write(`loki-dashboard ${command.name}: ${errorMessage(e)}\n`);
    return 1;
  }
}
