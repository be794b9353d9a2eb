// Git facts about a checkpoint: which commit and tree it stands for, what changed since, which commits came after.
// Everything is computed by git itself; paths come back NUL-separated so no file name is ever misread.
import path from 'node:path';
import type { CheckpointInfo } from '../domain';
import { CheckpointError, gitOut, isSha, nulFields } from './git';
import type { GitRunner } from './git';

/** What a checkpoint points at in the repository. */
export interface CheckpointTarget {
  /** Repository top level. */
  root: string;
  /** `.loki` relative to the root, with forward slashes (excluded from every listing and restore). */
  lokiRel: string;
  /** HEAD when the checkpoint was taken (rollback moves the branch here). */
  commit: string;
  /** What the working tree looked like: the worktree snapshot when it still exists, else the commit. */
  tree: string;
}

/** One file that differs between a checkpoint and the working tree. */
export interface FileChange {
  /** Root-relative path, forward slashes. */
  path: string;
  /** added/modified/deleted relative to the checkpoint; untracked = new and not known to git (a rollback keeps it). */
  status: 'added' | 'modified' | 'deleted' | 'untracked';
}

/** A commit made after the checkpoint (rollback moves the branch back past it). */
export interface CommitLine {
  sha: string;
  subject: string;
}

/** Git facts shown next to a checkpoint. */
export interface CheckpointFacts {
  id: string;
  /** The checkpoint's commit exists in the repository (false: other repository, or garbage-collected). */
  commitExists: boolean;
  /** Files that differ from the working tree (tracked and untracked), or null when unknown. */
  changedFiles: number | null;
}

const STATUS: Record<string, FileChange['status']> = { A: 'added', M: 'modified', D: 'deleted', T: 'modified' };

/** The pathspec that keeps the project's own `.loki` out of listings and restores. */
export function excludeLoki(lokiRel: string): string {
  return `:(exclude)${lokiRel}`;
}

/**
 * Resolves a checkpoint to its commit and tree in the repository that holds `projectDir`.
 * Throws CheckpointError: 'no-git' (no repository), 'not-found' (the checkpoint has no commit, or it is gone).
 */
export async function resolveTarget(git: GitRunner, root: string, projectDir: string, cp: CheckpointInfo): Promise<CheckpointTarget> {
  if (!cp.sha) throw new CheckpointError('not-found', `Checkpoint ${cp.id} has no git commit (the runner found no repository when it was taken).`);
  const commit = await commitOf(git, root, cp.sha);
  if (!commit) throw new CheckpointError('not-found', `The commit ${cp.sha.slice(0, 8)} of checkpoint ${cp.id} is not in this repository.`);
  const tree = (cp.snapshotSha && (await commitOf(git, root, cp.snapshotSha))) || commit;
  const rel = path.relative(root, path.join(projectDir, '.loki')).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new CheckpointError('invalid', 'The project is not inside its repository.');
  return { root, lokiRel: rel, commit, tree };
}

/** The full sha of commit `sha` (one git call), or null when it is not a commit of the repository. */
async function commitOf(git: GitRunner, root: string, sha: string): Promise<string | null> {
  if (!isSha(sha)) return null;
  const r = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`], { cwd: root });
  const out = r.stdout.trim();
  return r.code === 0 && isSha(out) ? out : null;
}

/** Files that differ between the checkpoint's tree and the working tree, plus untracked files, sorted by path. */
export async function changesSince(git: GitRunner, t: Pick<CheckpointTarget, 'root' | 'lokiRel' | 'tree'>): Promise<FileChange[]> {
  const spec = ['--', '.', excludeLoki(t.lokiRel)];
  const diff = nulFields(await gitOut(git, t.root, ['diff', '--name-status', '--no-renames', '-z', '--end-of-options', t.tree, ...spec]));
  const out: FileChange[] = [];
  for (let i = 0; i + 1 < diff.length; i += 2) {
    out.push({ path: diff[i + 1]!, status: STATUS[diff[i]!.charAt(0)] ?? 'modified' });
  }
  const untracked = nulFields(await gitOut(git, t.root, ['ls-files', '--others', '--exclude-standard', '-z', ...spec]));
  for (const p of untracked) out.push({ path: p, status: 'untracked' });
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Commits reachable from HEAD but not from the checkpoint's commit (newest first, at most `limit`), and their count. */
export async function commitsAfter(git: GitRunner, root: string, commit: string, limit = 50): Promise<{ count: number; commits: CommitLine[] }> {
  const range = `${commit}..HEAD`;
  const count = Number((await gitOut(git, root, ['rev-list', '--count', '--end-of-options', range])).trim()) || 0;
  const log = await gitOut(git, root, ['log', `--max-count=${limit}`, '--format=%H%x1f%s%x1e', '--end-of-options', range]);
  const commits = log.split('\x1e').map(s => s.trim()).filter(Boolean).map(s => {
    const [sha = '', subject = ''] = s.split('\x1f');
    return { sha, subject };
  });
  return { count, commits };
}

/** Git facts for each checkpoint (commit present, files changed since), `concurrency` git calls at a time. */
export async function checkpointFacts(git: GitRunner, root: string, projectDir: string, cps: readonly CheckpointInfo[], concurrency = 4): Promise<CheckpointFacts[]> {
  const out: CheckpointFacts[] = new Array<CheckpointFacts>(cps.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cps.length) {
      const i = next++;
      const cp = cps[i]!;
      try {
        const t = await resolveTarget(git, root, projectDir, cp);
        out[i] = { id: cp.id, commitExists: true, changedFiles: (await changesSince(git, t)).length };
      } catch {
        out[i] = { id: cp.id, commitExists: false, changedFiles: null };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cps.length) }, worker));
  return out;
}
