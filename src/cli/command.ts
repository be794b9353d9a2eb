// The shape every `loki-dashboard` sub-command module exports; main.ts lists them in its dispatch table.

/** One sub-command of the headless CLI. */
export interface CliCommand {
  /** The word after `loki-dashboard`. */
  name: string;
  /** One line for the usage listing. */
  summary: string;
  /** Argument synopsis shown in the usage, e.g. `<dir> [--json]`. */
  usage: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Exit code for bad usage (unknown command or option, missing argument, missing directory). */
export const EXIT_USAGE = 2;
