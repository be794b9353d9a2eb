import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSha } from '../../core/checkpoints/git';
import type { GitRunner } from '../../core/checkpoints/git';

/** URI scheme of a file as it was at a checkpoint (read-only; the left side of the diff). */
export const CHECKPOINT_SCHEME = 'loki-checkpoint';

/** `loki-checkpoint:/<root-relative path>?{"root","sha"}`: the file `rel` of repository `root` at commit `sha`. */
export function checkpointUri(root: string, sha: string, rel: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${rel}`, query: JSON.stringify({ root, sha }) });
}

/**
 * Serves file contents at a checkpoint with `git show <sha>:<path>`. Only repositories a compare registered are
 * served and the sha must be hex, so a crafted URI can neither run anything nor read another repository.
 */
export class CheckpointContentProvider implements vscode.TextDocumentContentProvider {
  private readonly roots = new Set<string>();

  constructor(private readonly git: GitRunner) {}

  /** Allows content from this repository (called before a diff of it opens). */
  allow(root: string): void {
    this.roots.add(path.resolve(root));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let q: unknown;
    try {
      q = JSON.parse(uri.query);
    } catch {
      return '';
    }
    const { root, sha } = (typeof q === 'object' && q !== null ? q : {}) as { root?: unknown; sha?: unknown };
    const rel = uri.path.replace(/^\/+/, '');
    if (typeof root !== 'string' || !this.roots.has(path.resolve(root)) || !isSha(sha) || !rel || rel.split('/').includes('..')) return '';
    const r = await this.git.run(['show', `${sha}:${rel}`], { cwd: root });
    // A file that did not exist at the checkpoint has no left side: empty text.
    return r.code === 0 ? r.stdout : '';
  }
}
