// Crash test: `loki-dashboard serve` is killed with SIGKILL while API clients add tasks, then started again.
// After every kill: every queue file parses, the next add is accepted at once (no 409 from a dead writer's lock),
// and at the end every task that got a 201 is in pending.json exactly once and no temp file is left behind.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectIdFor } from '../../src/core/projectId';
import { FileTokenStore } from '../../src/server/fileTokenStore';
import { prng } from './lokiFuzz';

const ROOT = path.resolve(__dirname, '..', '..');

/** What the crash rounds found. */
export interface CrashReport {
  kills: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  unreadableFiles: number;
  /** Adds refused (409 or other) right after a restart. */
  blockedNextWrites: number;
  /** Temp or lock-grave files left in queue/ after the last restart's first write. */
  leftovers: number;
}

/** The built CLI when present (fast start), else the TypeScript entry through tsx. */
function cliArgs(): string[] {
  const built = path.join(ROOT, 'dist', 'cli.js');
  return existsSync(built) ? [built] : ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts')];
}

async function startServe(project: string, tokenFile: string, home: string): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, [...cliArgs(), 'serve', project, '--port', '0', '--token-file', tokenFile], {
    cwd: ROOT, env: { ...process.env, LOKI_DASHBOARD_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Listening on (http:\/\/[^\s]+)$/m.exec(out);
      if (m?.[1]) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr?.resume();
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`serve exited early: ${out}`)); });
  });
  return { child, url, exited };
}

async function add(url: string, token: string, project: string, title: string): Promise<{ status: number; id?: string }> {
  try {
    const res = await fetch(`${url}/api/tasks`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project, title, description: 'crash test', priority: 'medium' }),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: string; task?: { id?: string } };
    return { status: res.status, id: body.id ?? body.task?.id };
  } catch {
    return { status: 0 }; // the server died under the request: not acknowledged
  }
}

/** Runs `rounds` kill -9 rounds on a fresh project; never leaves a process behind. */
export async function runCrashRounds(opts: { rounds: number; seed: number }): Promise<CrashReport> {
  const rnd = prng(opts.seed);
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'loki-crash-')));
  const project = path.join(root, 'project');
  const queue = path.join(project, '.loki', 'queue');
  const projectId = projectIdFor(project);
  await fs.mkdir(queue, { recursive: true });
  const tokenFile = path.join(root, 'config', 'tokens.json');
  const tokens = new FileTokenStore(tokenFile);
  await tokens.ready();
  const { token } = await tokens.create('control', 'crash test');
  tokens.dispose();
  const report: CrashReport = { kills: 0, acknowledged: 0, lost: 0, duplicated: 0, unreadableFiles: 0, blockedNextWrites: 0, leftovers: 0 };
  const acked: string[] = [];
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  try {
    for (let round = 0; round <= opts.rounds; round++) {
      serve = await startServe(project, tokenFile, path.join(root, 'home'));
      // The first add after a restart must pass: a dead writer's lock or temp file may not block it.
      const first = await add(serve.url, token, projectId, `first after restart ${round}`);
      if (first.status === 201 && first.id) acked.push(first.id);
      else report.blockedNextWrites++;
      if (round === opts.rounds) break;
      // Clients keep adding; the kill lands after a random number of acknowledgements, mid-flight for others.
      const killAfter = 3 + Math.floor(rnd() * 12);
      let count = 0;
      let killed = false;
      const url = serve.url;
      const child = serve.child;
      const loop = async (w: number): Promise<void> => {
        for (let i = 0; !killed; i++) {
          const r = await add(url, token, projectId, `round ${round} worker ${w} #${i}`);
          if (r.status === 201 && r.id) {
            acked.push(r.id);
            if (++count >= killAfter && !killed) { killed = true; child.kill('SIGKILL'); }
          } else if (r.status === 0) {
            killed = true;
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(loop));
      await serve.exited;
      serve = undefined;
      report.kills++;
      for (const name of await fs.readdir(queue)) {
        if (!name.endsWith('.json')) continue;
        try { JSON.parse(await fs.readFile(path.join(queue, name), 'utf8')); } catch { report.unreadableFiles++; }
      }
    }
    report.leftovers = (await fs.readdir(queue)).filter(n => /\.tmp\.|\.broken\./.test(n)).length;
    const stored = JSON.parse(await fs.readFile(path.join(queue, 'pending.json'), 'utf8')) as Array<{ id: string }>;
    const counts = new Map<string, number>();
    for (const r of stored) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    report.acknowledged = acked.length;
    report.lost = acked.filter(id => !counts.has(id)).length;
    report.duplicated = acked.filter(id => (counts.get(id) ?? 0) > 1).length;
  } finally {
    if (serve) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    await fs.rm(root, { recursive: true, force: true });
  }
  return report;
}
