import type { Disposable } from '../../src/core/disposable';
import type { DirWatcher } from '../../src/core/fileAccess';

/** A DirWatcher the test drives by hand: `fire(path)` reports a change to every watcher of an enclosing dir. */
export class FakeDirWatcher implements DirWatcher {
  private readonly watchers = new Set<{ dir: string; onChange: (p: string) => void; onError: (e: Error) => void }>();

  watch(dir: string, onChange: (absPath: string) => void, onError: (err: Error) => void): Disposable {
    const w = { dir, onChange, onError };
    this.watchers.add(w);
    return { dispose: () => this.watchers.delete(w) };
  }

  /** Directories being watched now. */
  get dirs(): string[] {
    return [...this.watchers].map(w => w.dir);
  }

  fire(absPath: string): void {
    for (const w of [...this.watchers]) if (absPath === w.dir || absPath.startsWith(w.dir + '/')) w.onChange(absPath);
  }

  fail(err: Error): void {
    for (const w of [...this.watchers]) w.onError(err);
  }
}
