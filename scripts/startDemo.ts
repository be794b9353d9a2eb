// `npm start`: the first five minutes. Builds (the npm script does), provisions the offline VS Code host when it is
// missing, recreates demo-workspace/ with a PRD, runs the simulator there (a realistic Loki session, no Loki needed),
// starts VS Code 1.100.3 on 127.0.0.1 with this extension under development and prints the URL to open.
// Ctrl-C stops the server and the simulator, by the process ids this script started.
//   --port N        port of the VS Code server (default 8080; 0 picks a free one)
//   --no-sim        no simulator: the workspace stays without .loki (try "Loki: Start Demo Session")
//   --no-dashboard  do not open the dashboard when the workbench starts
//   --desktop       use the desktop `code` on PATH instead of the web server
//   --workspace D   demo folder (default demo-workspace/); --state D: settings and logs (default .vscode-test/demo/)
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoPaths, prepareDemo } from './lib/demoWorkspace';
import type { DemoPaths } from './lib/demoWorkspace';
import { isAlive, onInterrupt, spawnTracked, stopAll } from './lib/processes';
import { repoRoot, startServer, tail } from './lib/vscodeServer';

/** Parsed command line of the demo. */
export interface DemoOptions {
  port: number;
  sim: boolean;
  openDashboard: boolean;
  desktop: boolean;
  workspace: string;
  stateDir: string;
  iterations: number;
}

const USAGE = 'Usage: npm start -- [--port N] [--no-sim] [--no-dashboard] [--desktop] [--iterations N] [--workspace DIR] [--state DIR]';

/** Reads the demo's options; throws with the usage on anything unknown or malformed. */
export function parseDemoArgs(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' }, 'no-sim': { type: 'boolean' }, 'no-dashboard': { type: 'boolean' }, desktop: { type: 'boolean' },
      workspace: { type: 'string' }, state: { type: 'string' }, iterations: { type: 'string' },
    },
    strict: true, allowPositionals: false,
  });
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}\n${USAGE}`);
  const iterations = Number(values.iterations ?? 6);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`--iterations must be a positive integer, got ${values.iterations}\n${USAGE}`);
  return {
    port,
    sim: !values['no-sim'],
    openDashboard: !values['no-dashboard'],
    desktop: Boolean(values.desktop),
    workspace: path.resolve(values.workspace ?? path.join(repoRoot, 'demo-workspace')),
    stateDir: path.resolve(values.state ?? path.join(repoRoot, '.vscode-test', 'demo')),
    iterations,
  };
}

/** The desktop command line: this repository as the extension under development, the demo folder as workspace. */
export function desktopArgs(workspace: string): string[] {
  return [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', workspace];
}

/** The web workbench URL: the demo folder, with this repository as the extension under development. */
export function workbenchUrl(origin: string, port: number, workspace: string): string {
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${repoRoot}`]];
  return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** `name` on PATH if it is an executable file. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** Set once Ctrl-C arrived: the simulator's exit is then ours, not news. */
let stopping = false;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function provision(): void {
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'provision-vscode-host.sh')], { stdio: 'inherit' });
  if (r.error) throw new Error(`Could not run scripts/provision-vscode-host.sh (${r.error.message}); it needs bash.`);
  if (r.status !== 0) {
    throw new Error('Provisioning the offline VS Code host failed (see the lines above). Fix the cause and run `npm start` again, '
      + 'or provision by hand: bash scripts/provision-vscode-host.sh --force');
  }
}

function startSimulator(paths: DemoPaths, iterations: number): ChildProcess {
  const out = openSync(paths.simulatorLog, 'a');
  const child = spawnTracked(process.execPath, [
    path.join(repoRoot, 'dist', 'cli.js'), 'simulate', paths.workspace,
    '--speed', '1', '--iterations', String(iterations), '--prd', path.join(paths.workspace, 'prd.md'),
  ], { env: { ...process.env, LOKI_DASHBOARD_HOME: paths.lokiHome, LOKI_PROMPT_INJECTION: 'true' }, stdio: ['ignore', out, out] });
  closeSync(out);
  child.once('exit', (code, signal) => {
    if (stopping || signal) return; // we stopped it
    say(code === 0
      ? `Simulated session ended (log: ${paths.simulatorLog}). Start another from the workbench: F1 → "Loki: Start Demo Session".`
      : `Simulator exited with code ${code}; last lines of ${paths.simulatorLog}:\n${tail(paths.simulatorLog, 10)}`);
  });
  return child;
}

/** Runs until Ctrl-C; the returned promise only settles on failure (exit code). */
async function main(argv: string[]): Promise<number> {
  const t0 = Date.now();
  const options = parseDemoArgs(argv);
  const paths = demoPaths(options.workspace, options.stateDir);
  // Ctrl-C and SIGTERM stop what spawnTracked started (server, simulator) by pid, then exit 130.
  onInterrupt(() => {
    stopping = true;
    return Promise.resolve();
  });
  if (!options.desktop) provision();
  prepareDemo(paths, repoRoot, { openDashboard: options.openDashboard && !options.desktop });
  say(`Demo workspace: ${paths.workspace} (recreated; prd.md = test/fixtures/prd/todo-app.md)`);

  if (options.desktop) {
    const code = findOnPath('code');
    if (!code) throw new Error('--desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH").');
    const sim = options.sim ? startSimulator(paths, options.iterations) : undefined;
    const r = spawnSync(code, desktopArgs(paths.workspace), { stdio: 'inherit', env: { ...process.env, LOKI_DASHBOARD_HOME: paths.lokiHome } });
    if (r.status !== 0) throw new Error(`${code} ${desktopArgs(paths.workspace).join(' ')} failed (exit ${r.status})`);
    say(sim ? `Simulator pid ${sim.pid} writes ${paths.workspace}/.loki. Ctrl-C stops it.` : 'Desktop VS Code started; nothing else runs here.');
    if (!sim) return 0;
    return new Promise(() => undefined);
  }

  const server = await startServer({
    userDataDir: paths.userDataDir,
    serverDataDir: paths.serverDataDir,
    logFile: paths.serverLog,
    port: options.port === 0 ? undefined : options.port,
    env: { LOKI_DASHBOARD_HOME: paths.lokiHome },
  });
  const sim = options.sim ? startSimulator(paths, options.iterations) : undefined;
  const url = workbenchUrl(server.origin, server.port, paths.workspace);
  say('');
  say(`VS Code 1.100.3 server pid ${server.pid}${sim ? `, simulator pid ${sim.pid}` : ''} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  say(sim ? `A simulated Loki session (${options.iterations} iterations, ~20 s each) is writing ${paths.workspace}/.loki` : 'No simulator (--no-sim).');
  say(options.openDashboard ? 'The Loki dashboard opens by itself; otherwise: F1 → "Loki: Open Dashboard".' : 'Open the dashboard: F1 → "Loki: Open Dashboard".');
  say(`Logs: ${paths.serverLog}${sim ? `, ${paths.simulatorLog}` : ''}`);
  say('');
  say(`Open in your browser: ${url}`);
  say('');
  say('Ctrl-C stops everything.');
  return new Promise(resolve => {
    // A server that dies on its own leaves nothing to open: say why and end, rather than wait forever.
    setInterval(() => {
      if (isAlive(server.pid)) return;
      process.stderr.write(`The VS Code server (pid ${server.pid}) exited; last lines of ${paths.serverLog}:\n${tail(paths.serverLog, 20)}\n`);
      void stopAll().finally(() => resolve(1));
    }, 1000);
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => process.exit(code), (err: unknown) => {
    process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
    void stopAll().finally(() => process.exit(1));
  });
}
