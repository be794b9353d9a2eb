import { performance } from 'node:perf_hooks';

/** Milestones of one activation, in ms since `activate()` started (null until reached). */
export interface ActivationTimings {
  /** `activate()` returned: commands, views, status bar and watchers registered. */
  activateMs: number;
  /** Every project found at activation has had its first full read (the trees show them): `isReady()`. */
  treesPopulatedMs: number | null;
  /** The store opened and the writes made before were replayed into it; history reads answer from it. */
  storeReadyMs: number | null;
  /** History loaded: log lines read before the store opened are stored, trees and dashboard were told to refresh. */
  historyLoadedMs: number | null;
}

type Mark = 'activate' | 'treesPopulated' | 'storeReady' | 'historyLoaded';

/**
 * Performance marks of the activation path (`loki:activate:start`, `loki:activate`, `loki:treesPopulated`, …),
 * kept as numbers too so the test API and the activation benchmark can read them without the perf timeline.
 */
export class ActivationClock {
  private readonly start = performance.now();
  private readonly at = new Map<Mark, number>();

  constructor() {
    performance.mark('loki:activate:start');
  }

  /** Records a milestone once (later calls keep the first time: a reopened store is not an activation). */
  mark(what: Mark): void {
    if (this.at.has(what)) return;
    this.at.set(what, performance.now() - this.start);
    performance.mark(`loki:${what}`);
  }

  /** The milestones reached so far. */
  timings(): ActivationTimings {
    const get = (m: Mark): number | null => {
      const v = this.at.get(m);
      return v === undefined ? null : Math.round(v * 10) / 10;
    };
    return { activateMs: get('activate') ?? 0, treesPopulatedMs: get('treesPopulated'), storeReadyMs: get('storeReady'), historyLoadedMs: get('historyLoaded') };
  }
}
