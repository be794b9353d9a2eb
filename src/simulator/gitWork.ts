// The simulated agent's work in git, and the git half of create_checkpoint (run.sh:16387-16571).
// With `--git` the agent writes real files and commits them per iteration (initialising a repository when the
// folder has none), leaving PROGRESS.md uncommitted so the checkpoint's worktree snapshot has something to hold.
// The checkpoint facts are recorded the runner's way in any case: HEAD, branch, `git stash create` anchored at
// refs/loki/cp/<id> with its sha in worktree-snapshot.txt; outside a repository git_sha is `no-git`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isSha, repoRoot } from '../core/checkpoints/git';
import type { GitRunner } from '../core/checkpoints/git';

const IDENTITY = { GIT_AUTHOR_NAME: 'Loki Simulator', GIT_AUTHOR_EMAIL: 'simulator@loki.invalid', GIT_COMMITTER_NAME: 'Loki Simulator', GIT_COMMITTER_EMAIL: 'simulator@loki.invalid' };

/** Git facts of one checkpoint, as metadata.json records them. */
export interface CheckpointGitFacts {
  sha: string;
  branch: string;
  snapshot: string | null;
}

/** Git access of one simulated run. */
export class SimGit {
  private constructor(private readonly git: GitRunner, readonly projectDir: string, private readonly root: string | null, readonly commits: boolean) {}

  /** Opens the project's repository; with `commits`, creates one (with a first commit) when there is none. */
  static async open(git: GitRunner, projectDir: string, commits: boolean): Promise<SimGit> {
    let root = await repoRoot(git, projectDir);
    // run.sh writes `*` into .loki/.gitignore (run.sh:8762), so the runner's own files never show up in git.
    await fs.mkdir(path.join(projectDir, '.loki'), { recursive: true });
    await fs.writeFile(path.join(projectDir, '.loki', '.gitignore'), '*\n');
    if (commits && !root) {
      // Without a usable git the run goes on without commits, as the runner does (`git_sha: no-git`).
      const init = await git.run(['init', '--quiet', '--initial-branch=main'], { cwd: projectDir }).catch(() => null);
      if (init?.code === 0) root = await repoRoot(git, projectDir);
    }
    const sim = new SimGit(git, projectDir, root, commits && root !== null);
    if (sim.commits && (await git.run(['rev-parse', '--verify', 'HEAD'], { cwd: projectDir })).code !== 0) {
      const readme = path.join(projectDir, 'README.md');
      if (!(await fs.stat(readme).catch(() => null))) await fs.writeFile(readme, `# ${path.basename(projectDir)}\n`);
      await run(git, projectDir, ['add', '--', 'README.md']);
      await run(git, projectDir, ['commit', '--quiet', '--no-verify', '-m', 'Initial commit'], IDENTITY);
    }
    return sim;
  }

  /** The agent's Write tool: a real file in the project (only with commits on). */
  async write(rel: string, text: string): Promise<void> {
    if (!this.commits) return;
    const abs = path.join(this.projectDir, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text);
  }

  /** Appends to PROGRESS.md and leaves it uncommitted (the next iteration commits it). */
  async note(line: string): Promise<void> {
    if (!this.commits) return;
    await fs.appendFile(path.join(this.projectDir, 'PROGRESS.md'), `${line}\n`);
  }

  /** The agent commits what it wrote (only those paths, never `add -A` in someone's folder). */
  async commit(message: string, rels: string[]): Promise<void> {
    if (!this.commits) return;
    const existing: string[] = [];
    for (const rel of rels) if (await fs.stat(path.join(this.projectDir, rel)).catch(() => null)) existing.push(rel);
    if (!existing.length) return;
    await run(this.git, this.projectDir, ['add', '--', ...existing]);
    const staged = await this.git.run(['diff', '--cached', '--quiet'], { cwd: this.projectDir });
    if (staged.code === 1) await run(this.git, this.projectDir, ['commit', '--quiet', '--no-verify', '-m', message], IDENTITY);
  }

  /** HEAD, branch and the anchored worktree snapshot for checkpoint `id` (run.sh's `no-git`/`unknown` outside a repo). */
  async checkpointFacts(id: string): Promise<CheckpointGitFacts> {
    if (!this.root) return { sha: 'no-git', branch: 'unknown', snapshot: null };
    const head = (await this.git.run(['rev-parse', 'HEAD'], { cwd: this.projectDir })).stdout.trim();
    const branch = (await this.git.run(['branch', '--show-current'], { cwd: this.projectDir })).stdout.trim();
    const snap = (await this.git.run(['stash', 'create', `loki checkpoint ${id}`], { cwd: this.projectDir, env: IDENTITY })).stdout.trim();
    let snapshot: string | null = null;
    if (isSha(snap) && (await this.git.run(['update-ref', `refs/loki/cp/${id}`, snap], { cwd: this.projectDir })).code === 0) snapshot = snap;
    return { sha: isSha(head) ? head : 'no-git', branch: branch || 'unknown', snapshot };
  }
}

async function run(git: GitRunner, cwd: string, args: string[], env?: Record<string, string>): Promise<void> {
  const r = await git.run(args, env ? { cwd, env } : { cwd });
  if (r.code !== 0) throw new Error(`git ${args[0] ?? ''} failed in ${cwd}: ${(r.stderr || r.stdout).trim()}`);
}
