import type { Database } from 'sql.js';
import type { Disposable } from '../disposable';
import type { Logger } from '../logger';
import { writeDatabaseFile } from './dbFile';
import { errorMessage } from '../errors';

/** What the saver needs. */
export interface SaverOptions {
  /** null: in-memory store, nothing is ever written. */
  file: string | null;
  db: Database;
  log: Logger;
  delayMs: number;
  onSaved?: (bytes: number) => void;
}

/**
 * Saves the database at most once per `delayMs` while writes keep coming: the first write after a save starts
 * the timer, later ones ride along. Saves run one at a time, in order, so an older export never lands last.
 */
export class DebouncedSaver implements Disposable {
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  private failing = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: SaverOptions) {}

  /** Notes a change; schedules a save unless one is already scheduled. */
  markDirty(): void {
    if (this.opts.file === null || this.disposed) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.saveNow();
    }, this.opts.delayMs);
    // A pending save must not keep a CLI or test process alive; hosts call flush/close before exit.
    this.timer.unref?.();
  }

  /** Saves now if anything changed; resolves when that save (and any before it) finished. */
  async flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    await this.saveNow();
  }

  private saveNow(): Promise<void> {
    const file = this.opts.file;
    if (file === null || !this.dirty || this.disposed) return this.chain;
    this.dirty = false;
    // Export synchronously: the bytes are the state at this moment, whatever the queue does later.
    const bytes = this.opts.db.export();
    return this.enqueue(file, bytes);
  }

  private enqueue(file: string, bytes: Uint8Array): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        await writeDatabaseFile(file, bytes);
        if (this.failing) this.opts.log.info(`Store: saving ${file} works again`);
        this.failing = false;
        this.opts.onSaved?.(bytes.byteLength);
      } catch (err) {
        // Keep the data in memory and retry with the next change; report once per failure streak.
        if (!this.failing) this.opts.log.error(new Error(`Store: cannot save ${file}: ${errorMessage(err)}`));
        this.failing = true;
        if (!this.disposed) this.dirty = true;
      }
    });
    return this.chain;
  }

  /**
   * Final save: cancels the timer, exports pending changes now (the caller frees the database right after) and
   * resolves when every save reached the disk. Later calls return the same promise.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    const last = this.saveNow();
    this.disposed = true;
    this.closing = last;
    return last;
  }

  /** Cancels the timer and stops saving; never writes (call `close()` to keep pending changes). */
  dispose(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    this.disposed = true;
  }
}
