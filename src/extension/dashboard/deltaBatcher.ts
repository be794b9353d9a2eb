// Collects change envelopes and posts them in batches (one message per ~50 ms instead of one per change). After a
// quiet spell the first batch goes out on the next tick (the envelopes of one file change arrive together), so a
// single write costs no batching delay; changes right behind it wait for the rest of the 50 ms window.
import type { ChangeEnvelope } from '../../core/domain';

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds clock (default Date.now). */
  now?(): number;
}

/** Batches envelopes; `flush` posts everything pending at once. */
export class DeltaBatcher {
  private pending: ChangeEnvelope[] = [];
  private timer: unknown = null;
  private held = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly post: (changes: ChangeEnvelope[]) => void,
    private readonly delayMs = 50,
    private readonly timers: Timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: h => clearTimeout(h as NodeJS.Timeout) },
  ) {}

  /** Queues one envelope and schedules a flush. */
  push(e: ChangeEnvelope): void {
    this.pending.push(e);
    if (this.held || this.timer !== null) return;
    const since = (this.timers.now?.() ?? Date.now()) - this.lastFlushAt;
    this.timer = this.timers.setTimeout(() => this.flush(), Math.max(0, this.delayMs - since));
  }

  /** Keeps what arrives until `release` (while a snapshot's cards are still streaming: deltas must come after them). */
  hold(): void {
    this.held = true;
    if (this.timer !== null) { this.timers.clearTimeout(this.timer); this.timer = null; }
  }

  /** Ends a `hold`, posting what was kept. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.flush();
  }

  /** Posts what is pending now. */
  flush(): void {
    if (this.timer !== null) { this.timers.clearTimeout(this.timer); this.timer = null; }
    if (this.pending.length === 0) return;
    this.lastFlushAt = this.timers.now?.() ?? Date.now();
    const batch = this.pending;
    this.pending = [];
    this.post(batch);
  }

  /** Forgets what is pending (a snapshot that includes it is about to be sent). */
  clear(): void {
    if (this.timer !== null) { this.timers.clearTimeout(this.timer); this.timer = null; }
    this.pending = [];
    this.held = false;
  }

  dispose(): void {
    this.clear();
  }
}
