// The typed failure of every writer in core/write (its own module so the writers and the path checks share it
// without importing each other).
/** Typed failure of a control write; `reason` lets callers show the right message. */
export class ControlError extends Error {
  constructor(readonly reason: 'no-loki' | 'too-large' | 'locked' | 'io' | 'not-found' | 'read-only' | 'invalid' | 'outside-project', message: string) {
    super(message);
    this.name = 'ControlError';
  }
  static is(e: unknown): e is ControlError {
    return e instanceof ControlError;
  }
}
