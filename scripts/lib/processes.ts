// Child processes we start, and nothing else, are stopped on every way out: normal end,
// failure, timeout, Ctrl-C. Each child leads its own process group so that its helpers
// (the VS Code server forks an extension host, pty hosts, file watchers) go with it.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];
let handlersInstalled = false;

/** Starts a command in its own process group and remembers it for {@link stopAll}. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  installExitHandlers();
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Sends SIGTERM to the child's process group, then SIGKILL after `graceMs` if it is still there. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>(resolve => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signalGroup(child.pid, 'SIGKILL');
    await exited;
  }
  // The leader is gone; helpers it left in its group must not outlive the run either.
  signalGroup(child.pid, 'SIGKILL');
  running.delete(child);
}

/** Stops every process started through {@link spawnTracked} that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(child => stopProcess(child)));
}

/** Registers async cleanup (closing a browser, say) that runs on SIGINT/SIGTERM before the process exits. */
export function onInterrupt(cleanup: () => Promise<void>): void {
  installExitHandlers();
  cleanups.push(cleanup);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\nReceived ${signal}: stopping the processes this run started`);
      void Promise.allSettled(cleanups.map(c => c()))
        .then(() => stopAll())
        .finally(() => process.exit(130));
    });
  }
  // Last resort on a synchronous exit: no awaiting possible, so kill groups outright.
  process.once('exit', () => {
    for (const child of running) if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  });
}

/** True when a process with this id exists (signal 0 checks without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
