// Starts and stops the offline VS Code server (VS Code 1.100.3 from code-server@4.100.3,
// provisioned by scripts/provision-vscode-host.sh). The extension host it forks inherits
// this process's environment, which is how tests inside the host receive their settings.
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnTracked, stopProcess } from './processes';

/** The repository root (scripts/lib/../..). */
export const repoRoot = path.resolve(__dirname, '..', '..');
/** Where the provisioning script installs code-server; LOKI_VSCODE_HOST_DIR picks another (`test:vscode:min`). */
export const hostDir = path.resolve(repoRoot, process.env.LOKI_VSCODE_HOST_DIR ?? path.join('.vscode-test', 'host'));
/** VS Code inside code-server: server-main.js, the web workbench and built-in extensions. */
export const vscodeDir = path.join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode');
const serverMain = path.join(vscodeDir, 'out', 'server-main.js');

export interface ServerOptions {
  userDataDir: string;
  serverDataDir: string;
  /** Extra environment for the server and so for the extension host. */
  env: NodeJS.ProcessEnv;
  /** File that receives the server's stdout and stderr. */
  logFile: string;
  /** Port to bind; a free one is picked when absent. */
  port?: number;
}

export interface RunningServer {
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/** Throws with the command to run when the host has not been provisioned. */
export function assertHostProvisioned(): void {
  if (!existsSync(serverMain)) {
    throw new Error(`The offline VS Code host is not provisioned (${serverMain} is missing).\nRun: bash scripts/provision-vscode-host.sh`);
  }
}

/** Starts server-main.js on 127.0.0.1 and resolves once it answers HTTP requests. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  assertHostProvisioned();
  const port = options.port ?? (await freePort());
  const out = openSync(options.logFile, 'a');
  const child = spawnTracked(process.execPath, [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--telemetry-level', 'off',
    '--server-data-dir', options.serverDataDir,
    '--user-data-dir', options.userDataDir,
  ], {
    env: {
      ...process.env,
      // The server would otherwise run a login shell and merge its environment over ours,
      // and Debian's /etc/profile resets PATH, dropping test/fixtures/bin.
      VSCODE_SKIP_RESOLVING_SHELL_ENV: '1',
      ...options.env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const origin = `http://127.0.0.1:${port}`;
  const server: RunningServer = { port, origin, pid: child.pid ?? -1, logFile: options.logFile, stop: () => stopProcess(child) };
  try {
    await waitUntilServing(origin, child, 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- last lines of ${options.logFile} ---\n${tail(options.logFile, 30)}`);
  }
  return server;
}

/** The last `lines` lines of a log file, for error messages. */
export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilServing(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`VS Code server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const response = await fetch(`${origin}/version`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`VS Code server did not answer on ${origin} within ${timeoutMs / 1000}s`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
