import { Store } from '../../src/core/store/store';
import type { StoreOptions } from '../../src/core/store/store';

/**
 * Opens stores for a test and closes every one of them (awaiting the last save and the lock release) in
 * `afterEach`, before the test's temp folder is removed: a save still running while the folder is deleted is
 * what made `rm -r` fail with ENOTEMPTY.
 */
export class StoreHarness {
  private readonly open = new Set<Store>();

  async openStore(opts: StoreOptions): Promise<Store> {
    const store = await Store.open(opts);
    this.open.add(store);
    return store;
  }

  /** Closes every store this harness opened (also the ones a test already closed: close() is idempotent). */
  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.allSettled(all.map(s => s.close()));
  }
}
