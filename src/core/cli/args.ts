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
    return { ok: true, values: values as Record<string, string | boolean | undefined>, positionals };
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
