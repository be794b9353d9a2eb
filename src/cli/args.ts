// Small, strict option parsing on node:util parseArgs, turning its errors into readable usage messages.
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** Parsed options and positionals, or a message saying what was wrong. */
export type ParsedArgs =
  | { ok: true; values: Record<string, string | boolean | undefined>; positionals: string[] }
  | { ok: false; message: string };

/** Parses `args` against `options`; unknown options and missing values become `{ ok: false }`. */
export function parseCommandArgs(args: string[], options: NonNullable<ParseArgsConfig['options']>): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { ok: true, values: values, positionals };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** A positive number option (`--speed 50`), or an error message. */
export function positiveNumber(name: string, raw: string | boolean | undefined, integer: boolean): number | string | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    return `--${name} must be a positive ${integer ? 'integer' : 'number'} (got '${String(raw)}')`;
  }
  return n;
}

/** Successfully parsed arguments of a command. */
export type CommandArgs = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/**
 * The common prelude of every command: parse, print usage to stderr on a bad option (exit 2), print usage to
 * stdout on --help (exit 0). Returns the parsed arguments, or the exit code to return at once.
 */
export function parseOrUsage(command: string, args: string[], options: NonNullable<ParseArgsConfig['options']>, usage: string): CommandArgs | number {
  const parsed = parseCommandArgs(args, options);
  if (!parsed.ok) {
    process.stderr.write(`loki-dashboard ${command}: ${parsed.message}\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
