// Writes the control files the runner obeys (contract §4): PAUSE, STOP, HUMAN_INPUT.md, all directly in `.loki/`.
// The runner reads them only at iteration boundaries, so every function here just writes and returns.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { writableDir } from './confineWrite';
import { readConfinedText } from '../confinedFile';
import { ControlError } from './controlError';
// Callers take the error type from here too, where the writers are.
export { ControlError } from './controlError';


/** The runner rejects HUMAN_INPUT.md above this many bytes (run.sh:25166-25219, `-gt 1048576`). */
export const HUMAN_INPUT_MAX_BYTES = 1024 * 1024;

/** `date -u +%Y-%m-%dT%H:%M:%SZ`, the timestamp format `loki steer` and most runner writers use. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Throws ControlError('no-loki') unless `lokiDir` is an existing directory, ('outside-project') when it is a link
 * leading outside the project; returns its real path, the only place writers then write to.
 */
export async function requireLokiDir(lokiDir: string): Promise<string> {
  return writableDir(lokiDir);
}

function ioError(what: string, err: unknown): ControlError {
  return ControlError.is(err) ? err : new ControlError('io', `${what}: ${(err as Error)?.message ?? String(err)}`);
}

/** Creates `.loki/PAUSE` (content: ISO timestamp, ignored by the runner; the dashboard writes the same). */
export async function pauseSession(lokiDir: string): Promise<void> {
  const real = await requireLokiDir(lokiDir);
  await writeFileAtomic(path.join(real, 'PAUSE'), `${new Date().toISOString()}\n`).catch(err => { throw ioError('Could not write PAUSE', err); });
}

/** Deletes `.loki/PAUSE` (there is no RESUME file). */
export async function resumeSession(lokiDir: string): Promise<void> {
  const real = await requireLokiDir(lokiDir);
  await fs.rm(path.join(real, 'PAUSE'), { force: true }).catch(err => { throw ioError('Could not remove PAUSE', err); });
}

/** Creates `.loki/STOP`. */
export async function stopSession(lokiDir: string): Promise<void> {
  const real = await requireLokiDir(lokiDir);
  await writeFileAtomic(path.join(real, 'STOP'), `${new Date().toISOString()}\n`).catch(err => { throw ioError('Could not write STOP', err); });
}

/**
 * Appends `## Operator directive (<ISO>)\n<text>\n\n` to HUMAN_INPUT.md as `loki steer` does; atomic, regular file, refused above 1 MiB.
 * A symlink at HUMAN_INPUT.md is never followed: its target is neither read nor written, the link itself is replaced
 * (the runner would delete a symlinked input anyway).
 */
export async function sendHumanInput(lokiDir: string, text: string, now?: Date): Promise<void> {
  const real = await requireLokiDir(lokiDir);
  if (!text.trim()) throw new ControlError('invalid', 'The input is empty.');
  const file = path.join(real, 'HUMAN_INPUT.md');
  const st = await fs.lstat(file).catch(() => null);
  let existing = '';
  if (st?.isFile()) {
    // Opened with O_NOFOLLOW|O_NONBLOCK and type-checked on the handle: a FIFO or link swapped in cannot block or redirect.
    const read = await readConfinedText(file, HUMAN_INPUT_MAX_BYTES + 1);
    existing = read.ok ? read.text : '';
  } else if (st && !st.isSymbolicLink()) {
    throw new ControlError('invalid', `${path.join(lokiDir, 'HUMAN_INPUT.md')} exists but is not a regular file; remove it and try again.`);
  }
  const content = `${existing}## Operator directive (${isoSeconds(now ?? new Date())})\n${text}\n\n`;
  const size = Buffer.byteLength(content, 'utf8');
  if (size > HUMAN_INPUT_MAX_BYTES) {
    throw new ControlError('too-large', `HUMAN_INPUT.md would be ${size} bytes; the runner rejects input above ${HUMAN_INPUT_MAX_BYTES} bytes (1 MiB).`);
  }
  await writeFileAtomic(file, content).catch(err => { throw ioError('Could not write HUMAN_INPUT.md', err); });
}

/** Outcome of a human input as the runner reports it through `logs/human-input-*.md` (contract §4.3). */
export type InputOutcome = 'accepted' | 'rejected' | 'too-large' | 'timeout';

const OUTCOME_FILES: Array<[RegExp, Exclude<InputOutcome, 'timeout'>]> = [
  [/^human-input-REJECTED-TOOLARGE-(\d{8}-\d{6})\.md$/, 'too-large'],
  [/^human-input-REJECTED-(\d{8}-\d{6})\.md$/, 'rejected'],
  [/^human-input-(\d{8}-\d{6})\.md$/, 'accepted'],
];

/** Clock skew tolerated between our `since` and the runner's file-name timestamp (which has 1 s resolution). */
const SKEW_MS = 2000;

/** Parses a `logs/human-input-*` name into its verdict and timestamp (runner local time, `date +%Y%m%d-%H%M%S`). */
export function parseOutcomeFileName(name: string): { outcome: Exclude<InputOutcome, 'timeout'>; at: Date } | null {
  for (const [re, outcome] of OUTCOME_FILES) {
    const m = re.exec(name);
    if (!m?.[1]) continue;
    const s = m[1];
    const at = new Date(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
    return { outcome, at };
  }
  return null;
}

/**
 * Watches `logs/` for the runner's verdict on HUMAN_INPUT.md written at or after `since`, polling every 250 ms.
 * A verdict file counts when it appears while we wait (which also covers a runner whose TZ differs from ours), or,
 * when the runner already consumed the input before we started waiting, when its name's timestamp is at/after `since`
 * (minus 2 s skew). Resolves 'timeout' on timeout or abort.
 */
export async function waitForInputOutcome(lokiDir: string, since: Date, timeoutMs: number, signal?: AbortSignal): Promise<InputOutcome> {
  const logs = path.join(lokiDir, 'logs');
  const list = async (): Promise<string[]> => fs.readdir(logs).catch(() => []);
  const seenAtStart = new Set(await list());
  // While HUMAN_INPUT.md is still waiting to be consumed, verdicts already in logs/ belong to earlier inputs.
  const inputPending = (await fs.lstat(path.join(lokiDir, 'HUMAN_INPUT.md')).catch(() => null)) !== null;
  const deadline = Date.now() + timeoutMs;
  const threshold = since.getTime() - SKEW_MS;
  for (;;) {
    for (const name of await list()) {
      const parsed = parseOutcomeFileName(name);
      if (parsed && (!seenAtStart.has(name) || (!inputPending && parsed.at.getTime() >= threshold))) return parsed.outcome;
    }
    if (signal?.aborted || Date.now() >= deadline) return 'timeout';
    await new Promise<void>(resolve => {
      const t = setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now())));
      function done(): void { clearTimeout(t); signal?.removeEventListener('abort', done); resolve(); }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
