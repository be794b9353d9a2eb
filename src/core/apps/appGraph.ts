// App graph discovery: which multi-repo app (`.loki/app.json`) a project folder belongs to, by the rules of Loki's
// autonomy/lib/project-graph.sh (v7.5.28). Pure: all disk access goes through the narrow AppGraphFs.
import path from 'node:path';
import { manifestAppId, manifestMeta } from './appManifest';

/** Sibling folder names that always count as candidates (compared case-insensitively). */
export const FIXED_SIBLING_NAMES: readonly string[] = ['ui', 'api', 'web', 'service', 'mobile', 'worker', 'backend', 'frontend', 'shared'];

/** The disk access discovery needs. Paths are absolute; symlinks are followed (as `[ -d ]` and `open()` do). */
export interface AppGraphFs {
  /** Whole text of a regular file; null when missing or unreadable. */
  readText(file: string): Promise<string | null>;
  /** Whether the path is a directory. */
  isDirectory(dir: string): Promise<boolean>;
  /** Entry names of a directory; [] when unreadable. */
  list(dir: string): Promise<string[]>;
  /** Canonical path with symlinks resolved (explicit members are compared in this form, as Loki's `realpath`). */
  realpath(p: string): Promise<string>;
}

/** The app a folder belongs to. */
export interface AppGraph {
  /** The resolved app id (`^[a-z0-9-]{3,40}$`). */
  appId: string;
  /** The parent folder of the target: the graph root. */
  root: string;
  /** Absolute member folders, de-duplicated and sorted (at least one). */
  members: string[];
  /** `shared_memory_dir` of the parent manifest, or null. */
  sharedMemoryDir: string | null;
}

const manifestOf = (dir: string): string => path.join(dir, '.loki', 'app.json');

/** Whether a sibling name is a candidate for a target folder named `base`. */
export function isSiblingCandidate(name: string, base: string): boolean {
  if (name.toLowerCase() === base.toLowerCase()) return false;
  if (FIXED_SIBLING_NAMES.includes(name.toLowerCase())) return true;
  return name.startsWith(`${base}-`) || name.startsWith(`${base}_`) || name.endsWith(`-${base}`) || name.endsWith(`_${base}`);
}

/** The id most manifests agree on; a tie goes to the greatest id (what `sort | uniq -c | sort -rn | head -1` picks). */
function majority(ids: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [id, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== null && id > best)) { best = id; bestCount = n; }
  }
  return best;
}

/**
 * Discovers the app graph of `target` (a project folder): candidates are `.loki/app.json` of the qualifying siblings
 * (one parent level), of the target and of the parent. The app id is the target's, else the parent's, else the
 * siblings' majority. Members are the folders whose manifest has that id (the parent excluded). The parent's explicit
 * `members[]` (existing folders only) then decides: with no discovered member it is the member list as written; else
 * the discovered list is narrowed to it, unless that leaves nothing. Null when there is no graph.
 */
export async function discoverAppGraph(target: string, fs: AppGraphFs): Promise<AppGraph | null> {
  if (!target) return null;
  const dir = path.resolve(target);
  if (!(await fs.isDirectory(dir))) return null;
  const parent = path.dirname(dir);
  if (parent === dir) return null;
  const base = path.basename(dir);

  const candidates = (await fs.list(parent)).filter(name => isSiblingCandidate(name, base)).sort().map(name => path.join(parent, name));
  candidates.push(dir, parent);
  const parsed: Array<{ dir: string; appId: string }> = [];
  let targetId: string | null = null;
  let parentId: string | null = null;
  for (const c of candidates) {
    const text = await fs.readText(manifestOf(c));
    if (text === null) continue;
    const appId = manifestAppId(text);
    if (appId === null) continue;
    parsed.push({ dir: c, appId });
    if (c === dir) targetId = appId;
    else if (c === parent) parentId = appId;
  }
  const appId = targetId ?? parentId ?? majority(parsed.map(p => p.appId));
  if (appId === null) return null;

  let members = parsed.filter(p => p.appId === appId && p.dir !== parent).map(p => p.dir);
  const parentText = await fs.readText(manifestOf(parent));
  const meta = parentText === null ? { members: [], sharedMemoryDir: null } : manifestMeta(parentText);
  const explicit: string[] = [];
  for (const m of meta.members) {
    const abs = path.resolve(parent, m);
    if (await fs.isDirectory(abs)) explicit.push(await fs.realpath(abs));
  }
  if (explicit.length > 0) {
    if (members.length === 0) members = explicit;
    else {
      const narrowed = explicit.filter(e => members.includes(e));
      if (narrowed.length > 0) members = narrowed;
    }
  }
  if (members.length === 0) return null;
  return { appId, root: parent, members: [...new Set(members)].sort(), sharedMemoryDir: meta.sharedMemoryDir };
}
