// A real PostgreSQL for tests: a fresh cluster in a temp dir on a free loopback port, stopped and removed at the end.
// As root (CI) the server runs as the `postgres` user, because PostgreSQL refuses to run as root. Failing to start is
// an error, never a skip: `npm run test:pg` exists to test against a real server.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's postgresql package puts the server binaries (override with LOKI_PG_BIN). */
export function binDir(): string {
  if (process.env.LOKI_PG_BIN) return process.env.LOKI_PG_BIN;
  for (const v of ['17', '16', '15', '14']) if (existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`)) return `/usr/lib/postgresql/${v}/bin`;
  throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, or set LOKI_PG_BIN)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A running test server. */
export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Starts a throwaway PostgreSQL server. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loki-pg-'));
  const data = path.join(dir, 'data');
  const asOwner = async (cmd: string, args: string[]): Promise<void> => {
    if (root) await run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]);
    else await run(path.join(bin, cmd), args);
  };
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  await asOwner('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`, 'start']);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
