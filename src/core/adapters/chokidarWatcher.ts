import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch as chokidarWatch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import type { Disposable } from '../disposable';
import type { DirWatcher } from '../fileAccess';
import { isResidue } from '../residue';
import { toError } from '../errors';

/**
 * `.loki`-relative directories nobody reads: sandboxes, review transcripts, proofs, pre-edit copies, episodic
 * memory and checkpoint copies. They churn (hundreds of files per run) and would only cost watch handles.
 */
const HEAVY_DIRS = ['app-sandbox', 'quality/reviews', 'proofs', 'preedit', 'memory/episodic', 'state/checkpoints/cp-', 'node_modules', '.git'];

/** True when a path relative to the watched dir is residue or inside a heavy directory nobody reads. */
export function isIgnoredLokiPath(rel: string): boolean {
  const p = rel.replace(/\\/g, '/');
  if (isResidue(p)) return true;
  return HEAVY_DIRS.some(d => (d.endsWith('-') ? p.startsWith(d) : p === d || p.startsWith(d + '/')));
}

/** A chokidar `change` within this long of a raw event for the same path adds nothing: the raw event was exact. */
const RAW_FRESH_MS = 1000;

/**
 * The absolute path a raw `fs.watch` event names: a directory watch names the child, a file watch names the file's
 * own basename. Null when the event names nothing (Linux can omit the name).
 */
function rawPath(name: string, details: unknown): string | null {
  const watched = (details as { watchedPath?: unknown } | null)?.watchedPath;
  if (typeof watched !== 'string' || !name) return null;
  return path.basename(watched) === name ? path.resolve(watched) : path.resolve(watched, name);
}

/** Options of the chokidar adapter. */
export interface ChokidarWatcherOptions {
  /** Directory levels watched below the watched dir (`sessions/<id>/file` needs 2). Default 4. */
  depth?: number;
  /** Paths (relative to the watched dir, forward slashes) to skip; default: residue and heavy dirs. */
  ignore?: (rel: string) => boolean;
  /** Delay of the one trailing re-report of every changed path (see `watch`). Default 75 ms. */
  trailingMs?: number;
}

/**
 * The production DirWatcher on chokidar 4 (native fs events, no polling, no write-finish wait; the monitor
 * collects the events of a whole project for a few ms and processes them in one run). It watches the parent of `dir` without descending into siblings, so it reports `dir`
 * itself appearing, vanishing and being recreated, and every file below it. `dir` itself is also reported once
 * when the watch becomes live (see `ready` below).
 */
export class ChokidarDirWatcher implements DirWatcher {
  constructor(private readonly opts: ChokidarWatcherOptions = {}) {}

  watch(dir: string, onChange: (absPath: string) => void, onError: (err: Error) => void): Disposable {
    const target = path.resolve(dir);
    const parent = path.dirname(target);
    const ignore = this.opts.ignore ?? isIgnoredLokiPath;
    const relOf = (p: string): string | null => {
      const abs = path.resolve(p);
      if (abs === target) return '';
      return abs.startsWith(target + path.sep) ? abs.slice(target.length + 1) : null;
    };
    const ignored = (p: string): boolean => {
      if (path.resolve(p) === parent) return false;
      const rel = relOf(p);
      return rel === null || (rel !== '' && ignore(rel));
    };
    let watcher: FSWatcher | null = chokidarWatch(parent, {
      ignored,
      ignoreInitial: true,
      persistent: true,
      followSymlinks: false,
      awaitWriteFinish: false,
      // chokidar's depth counts from the parent: +1 for `dir` itself.
      depth: (this.opts.depth ?? 4) + 1,
      // Unreadable subdirectories must not stop the rest of the tree from being watched.
      ignorePermissionErrors: true,
    });
    // chokidar's own events are unreliable for the runner's writes: it drops a second `change` of a file within
    // 50 ms, and a tmp+rename replaces the inode its per-file watch sits on, so a write landing while it re-watches
    // the new inode is never reported. The inotify watch on each directory is exact (it names every created,
    // modified or renamed-in child, after the write), so its raw events are reported directly. chokidar's events
    // remain for what raw events cannot name (files in a directory created before its watch is live) and, when no
    // raw event covered a path recently, get one trailing re-report so the last write of a burst is always read.
    const trailing = new Map<string, ReturnType<typeof setTimeout>>();
    const trailingMs = this.opts.trailingMs ?? 75;
    const rawSeen = new Map<string, number>();
    const report = (abs: string): void => {
      onChange(abs);
      if (trailing.has(abs)) return;
      trailing.set(abs, setTimeout(() => { trailing.delete(abs); if (watcher) onChange(abs); }, trailingMs));
    };
    watcher.on('raw', (_event, name, details) => {
      const abs = rawPath(name, details);
      if (abs === null || ignored(abs) || relOf(abs) === null) return;
      if (rawSeen.size > 10_000) rawSeen.clear();
      rawSeen.set(abs, performance.now());
      onChange(abs);
    });
    watcher.on('all', (event, p) => {
      if (relOf(p) === null) return;
      const abs = path.resolve(p);
      const raw = rawSeen.get(abs);
      if (event === 'change' && raw !== undefined && performance.now() - raw < RAW_FRESH_MS) return;
      report(abs);
    });
    // Changes made while chokidar's first scan runs count as "initial" and are dropped, and a `dir` created
    // during that scan is never watched at all (a chokidar race). Once the watch is live: watch `dir` if it was
    // missed, and report it so the consumer re-reads it and nothing written meanwhile is lost.
    watcher.on('ready', () => {
      const w = watcher;
      if (!w) return;
      if (existsSync(target) && !(target in w.getWatched())) w.add(target);
      onChange(target);
    });
    watcher.on('error', err => onError(toError(err)));
    return {
      dispose: () => {
        const w = watcher;
        watcher = null;
        for (const t of trailing.values()) clearTimeout(t);
        trailing.clear();
        rawSeen.clear();
        w?.close().catch(onError);
      },
    };
  }
}
