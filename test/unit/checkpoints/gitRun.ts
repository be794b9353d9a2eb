// A simulated Loki run in a real git repository (commits per iteration, checkpoints the runner's way), made once
// and copied per test so each test owns its repository.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecGitRunner } from '../../../src/core/adapters/execGit';
import { CheckpointService } from '../../../src/core/checkpoints/checkpointService';
import type { Session, ProjectInfo } from '../../../src/core/domain';
import { nullLogger } from '../../../src/core/logger';
import { projectIdFor } from '../../../src/core/projectId';
import { runSimulation } from '../../../src/simulator/simulation';

export const git = new ExecGitRunner();

/** stdout of a git command in `cwd` (throws on failure). */
export async function g(cwd: string, ...args: string[]): Promise<string> {
  const r = await git.run(args, { cwd });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the simulator with `--git` into a fresh temp folder. */
export async function simulatedRepo(iterations = 4): Promise<{ root: string; dir: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-cp-'));
  const dir = path.join(root, 'proj');
  await fs.mkdir(dir);
  const res = await runSimulation({ dir, speed: 400, iterations, homeDir: path.join(root, 'home'), git: true, log: nullLogger });
  if (res.exitCode !== 0 && res.exitCode !== 20) throw new Error(`simulation exited ${res.exitCode}`);
  return { root, dir };
}

/** A copy of a simulated project (git repository included) in its own temp folder. */
export async function copyProject(src: string): Promise<{ root: string; project: ProjectInfo }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-cp-copy-'));
  const dir = path.join(root, 'proj');
  await fs.cp(src, dir, { recursive: true });
  return { root, project: { id: projectIdFor(dir), name: 'proj', path: dir } };
}

/** A session in the given state (only the fields the running check reads matter). */
export function session(status: Session['status'], alive: boolean, pause = false): Session {
  return {
    id: 'x', projectId: 'p', status, phase: null, iteration: null, provider: null, alive, pid: null, startedAt: null, endedAt: null, tokens: null, costUsd: null,
    budget: null, rarvStep: null, runnerStatus: null, mode: null, autonomyMode: null, contextPct: null, runner: 'bash', control: { pause, stop: false, humanInput: false },
    lastWriteAt: null, currentTaskId: null, prdPath: null,
  };
}

/** A service whose session state the test sets. */
export function service(state: { session?: Session }): CheckpointService {
  return new CheckpointService({ git, log: nullLogger, session: () => state.session });
}

/** Every file under `dir` except `.git` and `.loki`, with its content. */
export async function treeFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (r === '.git' || r === '.loki') continue;
      if (e.isDirectory()) await walk(r);
      else out[r] = await fs.readFile(path.join(dir, r), 'utf8');
    }
  };
  await walk('');
  return out;
}
