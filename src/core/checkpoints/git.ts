// The narrow git interface the checkpoint code runs on. The production adapter (core/adapters/execGit.ts) calls
// `git` with an argument vector, never through a shell; tests pass the same adapter against real repositories.

/** What one git invocation returned. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git. `args` are passed as-is (no shell); `env` is merged over the process environment. */
export interface GitRunner {
  run(args: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<GitResult>;
}

/** Why a checkpoint operation was refused or failed; `reason` picks the HTTP status and the wording in the UI. */
export type CheckpointErrorReason = 'not-found' | 'invalid' | 'busy' | 'no-git' | 'conflict' | 'untrusted' | 'io';

/** A typed checkpoint failure (no half-done state is left behind when it is thrown before any write). */
export class CheckpointError extends Error {
  constructor(readonly reason: CheckpointErrorReason, message: string) {
    super(message);
    this.name = 'CheckpointError';
  }

  static is(x: unknown): x is CheckpointError {
    return x instanceof CheckpointError;
  }
}

/** A full or abbreviated commit sha: only hex, so it can never be read as an option or a revision expression. */
export function isSha(x: unknown): x is string {
  return typeof x === 'string' && /^[0-9a-f]{7,64}$/i.test(x);
}

/** A checkpoint id as the runner validates it (`^[a-zA-Z0-9_-]+$`), bounded. */
export function isCheckpointId(x: unknown): x is string {
  return typeof x === 'string' && x.length <= 200 && /^[A-Za-z0-9_-]+$/.test(x);
}

/** Runs git and returns stdout, or throws CheckpointError('io') with git's own message. */
export async function gitOut(git: GitRunner, cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
  const r = await git.run(args, env ? { cwd, env } : { cwd });
  if (r.code !== 0) throw new CheckpointError('io', `git ${args[0] ?? ''} failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  return r.stdout;
}

/** The repository's top-level folder for `dir`, or null when `dir` is not inside a git work tree (or git is missing). */
export async function repoRoot(git: GitRunner, dir: string): Promise<string | null> {
  try {
    const r = await git.run(['rev-parse', '--show-toplevel'], { cwd: dir });
    return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  } catch (err) {
    // A refusing runner (Restricted Mode) says why; a missing git binary just means "no repository".
    if (CheckpointError.is(err)) throw err;
    return null;
  }
}

/** NUL-separated git output split into its fields (the last empty field dropped). */
export function nulFields(out: string): string[] {
  const parts = out.split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
