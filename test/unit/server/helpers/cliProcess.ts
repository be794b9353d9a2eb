// Runs the loki-dashboard CLI from source as a separate process (tsx), for tests of serve/token as users run them.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../../../src/cli/main.ts');
const ROOT = path.resolve(__dirname, '../../../..');

/** How a CLI process ended. */
export interface Done { code: number | null; stdout: string; stderr: string }

/** A started CLI process. */
export interface CliProcess { child: ChildProcess; done: Promise<Done>; stdout: () => string; stderr: () => string }

/** Starts `loki-dashboard <args>`. */
export function cli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', d => (stdout += String(d)));
  child.stderr.on('data', d => (stderr += String(d)));
  const done = new Promise<Done>(resolve => child.on('close', code => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Runs a CLI command to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Done> {
  return cli(args, env).done;
}

/** Waits (on the process's own output, with a deadline) for `serve` to print its URL. */
export async function listeningUrl(p: CliProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /^Listening on (http:\/\/[^\s]+)$/m.exec(p.stdout());
    if (m) return m[1]!;
    if (p.child.exitCode !== null) throw new Error(`serve exited: ${(await p.done).stderr}`);
    if (Date.now() > deadline) throw new Error(`serve printed no URL: ${p.stderr()}`);
    await new Promise<void>(resolve => setTimeout(resolve, 100));
  }
}

/** Stops a process started by a test and waits for it. */
export async function stop(p: CliProcess | undefined): Promise<void> {
  if (p && p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill('SIGTERM');
    await p.done;
  }
}
