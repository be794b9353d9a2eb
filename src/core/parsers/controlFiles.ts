// Control files live directly in `.loki/` (contract §4); only their presence matters, content is ignored.
import type { ControlState } from '../domain';

/** Control and marker files whose presence the model tracks (`.loki`-relative). */
export const CONTROL_FILES = ['PAUSE', 'STOP', 'HUMAN_INPUT.md', 'PAUSED.md', 'PAUSE_AT_CHECKPOINT', 'COMPLETED'] as const;

/** One of the tracked control/marker files. */
export type ControlFile = (typeof CONTROL_FILES)[number];

/** True when a `.loki`-relative path is a tracked control/marker file. */
export function isControlFile(rel: string): rel is ControlFile {
  return (CONTROL_FILES as readonly string[]).includes(rel);
}

/** The user-facing control state from the set of control files present. */
export function controlStateFrom(present: ReadonlySet<string>): ControlState {
  return { pause: present.has('PAUSE'), stop: present.has('STOP'), humanInput: present.has('HUMAN_INPUT.md') };
}
