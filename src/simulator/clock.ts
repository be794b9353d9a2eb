// Simulated time: every runner delay is divided by `speed`, and every wait can be cut short by an abort.

/** Thrown out of a sleep when the run is aborted (signal, SIGINT/SIGTERM). */
export class SimulationAborted extends Error {
  constructor(readonly reason: 'abort' | 'SIGINT' | 'SIGTERM') {
    super(`simulation aborted (${reason})`);
  }
}

/** The simulator's clock. `speed` 1 is the real runner's cadence; 50 runs an iteration in ~0.4 s. */
export class SimClock {
  constructor(
    readonly speed: number,
    private readonly signal: AbortSignal,
    private readonly abortReason: () => 'abort' | 'SIGINT' | 'SIGTERM',
  ) {}

  /** Milliseconds of real time for `seconds` of runner time (never below 5 ms so loops still yield). */
  ms(seconds: number): number {
    return Math.max(5, Math.round((seconds * 1000) / this.speed));
  }

  /** Throws SimulationAborted when the run was aborted. */
  check(): void {
    if (this.signal.aborted) throw new SimulationAborted(this.abortReason());
  }

  /** Waits `seconds` of runner time; rejects with SimulationAborted on abort. */
  async sleep(seconds: number): Promise<void> {
    this.check();
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => { clearTimeout(t); reject(new SimulationAborted(this.abortReason())); };
      const t = setTimeout(() => { this.signal.removeEventListener('abort', onAbort); resolve(); }, this.ms(seconds));
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
