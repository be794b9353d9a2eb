// `loki-dashboard serve <dir>...`: the same core and API server as the extension, without VS Code.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../core/adapters/chokidarWatcher';
import { nodeAppGraphFs } from '../core/adapters/nodeAppGraphFs';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import { AppIndex } from '../core/apps/appIndex';
import { stderrLogger } from '../core/logger';
import { LokiCore } from '../core/lokiCore';
import { isPidAlive } from '../core/liveness';
import { ApiServer, ApiServerError } from '../server/apiServer';
import { ApiError } from '../server/httpUtil';
import { CheckpointService } from '../core/checkpoints/checkpointService';
import { ExecGitRunner } from '../core/adapters/execGit';
import { coreControlHandler } from '../server/coreControl';
import { coreSeedControl } from '../server/coreSeedControl';
import { ENV_TOKEN, EnvTokenStore, envTokenProblem } from '../server/envTokenStore';
import { isLoopbackHost } from '../server/security';
import { writableDir } from '../core/write/confineWrite';
import { removeWriteLeftoversOnce } from '../core/write/leftovers';
import { FileTokenStore, defaultTokenFile } from '../server/fileTokenStore';
import { DEFAULT_SERVER_PORT } from '../server/types';
import { parseOrUsage, positiveNumber } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';
import { SHUTDOWN_GRACE_MS, settleWithin, stopSignal } from './shutdown';
import { cliHomeDir } from './snapshotCommand';
import { openServeStore, startTeam, teamOptions } from './teamServe';
import type { TeamRole } from './teamServe';

/** What a non-loopback bind means for the user: say where it listens and that plain HTTP carries the tokens in clear. */
export function nonLoopbackWarning(host: string, port: number): string {
  const where = host === '0.0.0.0' || host === '::' ? `every network interface (${host}) on port ${port}` : `${host}:${port}`;
  return `WARNING: listening on ${where}, not only this machine. This is plain HTTP: tokens and project data travel `
    + `in clear text, readable by anyone on the network path. Use it only on a network you trust, or put a TLS proxy `
    + `in front (and list its name with --allowed-host).\n`;
}

async function cleanQueueLeftovers(lokiDir: string): Promise<void> {
  const queue = await writableDir(lokiDir, 'queue').catch(() => null);
  if (queue !== null) await removeWriteLeftoversOnce(queue);
}

const USAGE = `Usage: loki-dashboard serve <dir>... [options]
       loki-dashboard serve --hub --db postgresql://USER@HOST/DB [options]
  Serves the projects in <dir>... (folders that contain .loki/) over HTTP + WebSocket until Ctrl-C.
  With --db it also publishes them to a team database; with --hub it watches no folder and serves every
  project in the database (live through LISTEN/NOTIFY; control requests go to the publisher that owns them).
  Every route but /health needs a token: create one with \`loki-dashboard token create --scope read\`.

Options:
  --host HOST              address to bind (default 127.0.0.1; other addresses need an existing token)
  --port N                 port (default ${DEFAULT_SERVER_PORT}; 0 picks a free one)
  --token-file FILE        token file (default $XDG_CONFIG_HOME/loki-dashboard/tokens.json)
  --allowed-origin ORIGIN  a browser origin allowed to connect (repeatable)
  --allowed-host NAME      a Host name clients may use besides IPs and localhost (repeatable)
  --max-connections N      simultaneous WebSocket connections (default 100)
  --read-only              refuse control routes (pause/resume/stop/input/tasks/projects/sessions/rollback) with 501
  --loki-cli PATH          the loki executable POST /api/sessions runs (default: $LOKI_CLI or loki on PATH)
  --db URL                 team database (or LOKI_DATABASE_URL): publish the projects there
  --hub                    serve the union of all projects in --db instead of folders
  --machine NAME           this publisher's name in the team (default the host name)
  --verbose, -v            log to stderr
`;

/** The first stdout line, parsed by scripts and tests: `Listening on http://HOST:PORT`. */
export const LISTENING_PREFIX = 'Listening on ';

/** The `serve` command module. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve projects over the HTTP + WebSocket API (token required)',
  usage: '<dir>... [--host H] [--port N] [--token-file F]',
  async run(args) {
    const parsed = parseOrUsage('serve', args, {
      host: { type: 'string' }, port: { type: 'string' }, 'token-file': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true }, 'allowed-host': { type: 'string', multiple: true }, 'max-connections': { type: 'string' },
      'read-only': { type: 'boolean' }, 'loki-cli': { type: 'string' }, db: { type: 'string' }, hub: { type: 'boolean' }, machine: { type: 'string' }, verbose: { type: 'boolean', short: 'v' },
    }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const fail = (message: string): number => {
      process.stderr.write(`loki-dashboard serve: ${message}\n${USAGE}`);
      return EXIT_USAGE;
    };
    const v = parsed.values as Record<string, unknown>;
    const team = teamOptions(v);
    if (typeof team === 'string') return fail(team);
    if (team.hub && parsed.positionals.length > 0) return fail('--hub serves the database and takes no <dir>');
    if (!team.hub && parsed.positionals.length === 0) return fail('expected at least one <dir>');
    for (const dir of parsed.positionals) {
      if (!(await fs.stat(dir).catch(() => null))?.isDirectory()) return fail(`${path.resolve(dir)} does not exist or is not a directory`);
    }
    const portRaw = v.port as string | undefined;
    const port = portRaw === undefined ? DEFAULT_SERVER_PORT : Number(portRaw);
    if (!/^\d+$/.test(portRaw ?? '0') || port > 65535) return fail(`--port must be an integer 0-65535 (got '${portRaw}')`);
    const maxConnections = positiveNumber('max-connections', v['max-connections'] as string | undefined, true);
    if (typeof maxConnections === 'string') return fail(maxConnections);
    const host = (v.host as string | undefined) ?? '127.0.0.1';
    const tokenFile = path.resolve((v['token-file'] as string | undefined) ?? defaultTokenFile());

    const log = stderrLogger(v.verbose === true);
    const envToken = process.env[ENV_TOKEN];
    if (envToken !== undefined && envToken !== '' && envTokenProblem(envToken)) return fail(envTokenProblem(envToken)!);
    const fileTokens = new FileTokenStore(tokenFile, log);
    const tokens = envToken ? new EnvTokenStore(fileTokens, envToken) : fileTokens;
    let store;
    try {
      store = await openServeStore(team, log);
    } catch (err) {
      tokens.dispose();
      process.stderr.write(`loki-dashboard serve: cannot use the team database: ${(err as Error).message}\n`);
      return 1;
    }
    const core = new LokiCore({ store, log, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: cliHomeDir(), isPidAlive });
    const apps = new AppIndex(core, { fs: nodeAppGraphFs, log });
    let server: ApiServer | undefined;
    let teamRole: TeamRole | undefined;
    const signal = stopSignal();
    try {
      await tokens.ready();
      // Follow the token file so `token revoke` in another shell closes this server's sockets at once.
      await fileTokens.watch();
      const projects = [];
      for (const dir of parsed.positionals) projects.push(await core.addProject(dir));
      // A previous serve killed mid-write leaves temp files and broken-lock graves: clean them now (inside the project only).
      for (const p of projects) await cleanQueueLeftovers(path.join(p.path, '.loki'));
      await apps.refresh();
      const control = v['read-only'] ? undefined : coreControlHandler(() => core.projects());
      if (team.db) {
        try {
          teamRole = await startTeam(team, log, { source: core, apps, control });
        } catch (err) {
          process.stderr.write(`loki-dashboard serve: cannot use the team database: ${(err as Error).message}\n`);
          return 1;
        }
      }
      const hub = teamRole?.hub;
      try {
        const allowedHosts = (v['allowed-host'] as string[] | undefined) ?? [];
        const checkpoints = {
          service: new CheckpointService({ git: new ExecGitRunner(), log, session: (id: string) => core.snapshot(id)?.session }),
          rollbackRefusal: () => (v['read-only'] ? new ApiError(501, 'control_unavailable', 'this server does not accept control requests') : null),
        };
        server = await ApiServer.start(hub ? {
          source: hub.source, apps: hub.apps, control: v['read-only'] ? undefined : hub.control, tokens, log, host, port,
          allowedOrigins: (v['allowed-origin'] as string[] | undefined) ?? [], allowedHosts, limits: maxConnections ? { maxConnections } : {},
        } : {
          source: core, apps, control, checkpoints,
          seed: v['read-only'] ? undefined : coreSeedControl(core, { lokiCli: (v['loki-cli'] as string | undefined) ?? process.env.LOKI_CLI ?? 'loki', homeDir: cliHomeDir() }), tokens, log, host, port,
          allowedOrigins: (v['allowed-origin'] as string[] | undefined) ?? [], allowedHosts, limits: maxConnections ? { maxConnections } : {},
        });
      } catch (err) {
        if (ApiServerError.is(err)) {
          process.stderr.write(`loki-dashboard serve: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
      process.stdout.write(`${LISTENING_PREFIX}${server.url}\nWebSocket: ${server.wsUrl}\n`);
      if (!isLoopbackHost(host)) process.stderr.write(nonLoopbackWarning(host, server.port));
      for (const p of projects) process.stdout.write(`Project ${p.id}  ${p.path}\n`);
      if (team.db) process.stdout.write(hub ? `Hub: ${hub.source.projects().length} project(s) in the team database\n` : `Publishing as ${team.machine}\n`);
      if (!tokens.hasTokens()) process.stderr.write(`No API token exists yet in ${tokenFile}: create one with \`loki-dashboard token create --scope read\`.\n`);
      await signal.stopped;
      return 0;
    } finally {
      signal.sub.dispose();
      const teardown = async (): Promise<void> => {
        try {
          await server?.close();
          await teamRole?.close().catch((err: Error) => log.warn(`team: closing failed: ${err.message}`));
        } finally {
          apps.dispose();
          core.dispose();
          tokens.dispose();
          await store.close();
        }
      };
      await settleWithin(teardown(), SHUTDOWN_GRACE_MS, () => log.warn('serve: teardown did not finish in time; exiting anyway'));
    }
  },
};
