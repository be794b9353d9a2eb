// STUB (owner: simulator/control helper). Writes the control files the runner obeys (contract §4).

/** Typed failure of a control write; `reason` lets callers show the right message. */
export class ControlError extends Error {
  constructor(readonly reason: 'no-loki' | 'too-large' | 'locked' | 'io' | 'not-found' | 'read-only' | 'invalid', message: string) {
    super(message);
  }
  static is(e: unknown): e is ControlError {
    return e instanceof ControlError;
  }
}

/** Creates `.loki/PAUSE` (content: ISO timestamp, ignored by the runner). */
export async function pauseSession(lokiDir: string): Promise<void> { void lokiDir; throw new Error('not implemented'); }
/** Deletes `.loki/PAUSE` (there is no RESUME file). */
export async function resumeSession(lokiDir: string): Promise<void> { void lokiDir; throw new Error('not implemented'); }
/** Creates `.loki/STOP`. */
export async function stopSession(lokiDir: string): Promise<void> { void lokiDir; throw new Error('not implemented'); }

/** Appends `## Operator directive (<ISO>)\n<text>\n\n` to HUMAN_INPUT.md as `loki steer` does; atomic, regular file, refused above 1 MiB. */
export async function sendHumanInput(lokiDir: string, text: string, now?: Date): Promise<void> { void lokiDir; void text; void now; throw new Error('not implemented'); }

/** Outcome of a human input as the runner reports it through `logs/human-input-*.md` (contract §4.3). */
export type InputOutcome = 'accepted' | 'rejected' | 'too-large' | 'timeout';
/** Watches `logs/` for the runner's verdict on HUMAN_INPUT.md written at or after `since`. */
export async function waitForInputOutcome(lokiDir: string, since: Date, timeoutMs: number, signal?: AbortSignal): Promise<InputOutcome> {
  void lokiDir; void since; void timeoutMs; void signal; throw new Error('not implemented');
}
