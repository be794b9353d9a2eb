/** The narrow logging interface core code receives; the extension adapts its LogOutputChannel to it, the CLI writes to stderr. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** A logger that drops everything (tests and quiet CLI modes). */
export const nullLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that writes to stderr, used by the headless CLI. */
export function stderrLogger(verbose = false): Logger {
  const fmt = (level: string, m: string | Error, args: unknown[]): string =>
    `[${level}] ${m instanceof Error ? m.stack ?? m.message : m}${args.length ? ' ' + args.map(a => (a instanceof Error ? a.message : JSON.stringify(a))).join(' ') : ''}\n`;
  return {
    debug: (m, ...a) => { if (verbose) process.stderr.write(fmt('debug', m, a)); },
    info: (m, ...a) => { if (verbose) process.stderr.write(fmt('info', m, a)); },
    warn: (m, ...a) => process.stderr.write(fmt('warn', m, a)),
    error: (m, ...a) => process.stderr.write(fmt('error', m, a)),
  };
}
