// Shared by the hardening tests: temp projects, a pid that is certainly dead, and a child that is certainly alive.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp folder holding `project/.loki/queue` and an `outside/` folder beside the project. */
export async function tempProject(): Promise<{ root: string; project: string; loki: string; queue: string; outside: string; cleanup: () => Promise<void> }> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'loki-hard-')));
  const project = path.join(root, 'project');
  const loki = path.join(project, '.loki');
  const queue = path.join(loki, 'queue');
  const outside = path.join(root, 'outside');
  await fs.mkdir(queue, { recursive: true });
  await fs.mkdir(outside);
  return { root, project, loki, queue, outside, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

/** The pid of a child we started and that has exited (so it is ours and dead). */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/** A child that stays alive until killed (the caller kills it in afterEach). */
export function liveChild(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** Writes `.lockdir` with an `owner.pid` naming `pid`, optionally back-dated. */
export async function plantLock(lockDir: string, pid: number | null, ageMs = 0): Promise<void> {
  await fs.mkdir(lockDir, { recursive: true });
  if (pid !== null) await fs.writeFile(path.join(lockDir, 'owner.pid'), `${pid}\n`);
  if (ageMs > 0) {
    const t = new Date(Date.now() - ageMs);
    await fs.utimes(lockDir, t, t);
  }
}

/** Polls `cond` until it is true or `ms` pass (then throws with `what`). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}
