import { execFile } from 'node:child_process';
import type { GitResult, GitRunner } from '../checkpoints/git';

/** Largest git output read (a diff listing of a huge repository stays well under this). */
const MAX_BUFFER = 64 * 1024 * 1024;

/**
 * The production GitRunner: `execFile('git', args)`, so arguments are never parsed by a shell. Prompts are turned
 * off (no credential or editor prompt can hang the host) and git's messages are kept in English for the errors we show.
 */
export class ExecGitRunner implements GitRunner {
  constructor(private readonly opts: { binary?: string; timeoutMs?: number } = {}) {}

  run(args: readonly string[], opts: { cwd: string; env?: Record<string, string> }): Promise<GitResult> {
    return new Promise(resolve => {
      execFile(this.opts.binary ?? 'git', [...args], {
        cwd: opts.cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C', ...opts.env },
        maxBuffer: MAX_BUFFER,
        timeout: this.opts.timeoutMs ?? 60_000,
        windowsHide: true,
      }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 127) : 0;
        resolve({ code, stdout, stderr: stderr || (err && typeof err.code !== 'number' ? err.message : '') });
      });
    });
  }
}
