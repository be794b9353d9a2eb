// Runs the real CLI (src through tsx, exactly what dist/cli.js bundles) as a child process.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** Repository root. */
export const REPO = path.resolve(__dirname, '../../..');
const MAIN = path.join(REPO, 'src/cli/main.ts');

/** Output of a finished CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `loki-dashboard <args>`; the caller decides when it ends. */
export function startCli(args: string[], env: Record<string, string> = {}, cwd = REPO): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd, env: { ...process.env, ...env } });
}

/** Runs `loki-dashboard <args>` to completion (killed after `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

