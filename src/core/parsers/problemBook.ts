// Per-file problems of one `.loki`: set when a file cannot be read or parsed (the last good value stays in use),
// cleared when it parses again or disappears. Logged once per distinct message.
import type { Logger } from '../logger';
import type { Problem } from '../domain';
import type { ParseResult } from './parseResult';

/** A "being written" problem (empty or truncated JSON) is shown only once it has lasted this long. */
export const TRANSIENT_PROBLEM_GRACE_MS = 10_000;

interface Entry {
  message: string;
  since: number;
  transient: boolean;
}

/** Torn reads of files rewritten in place: normal for a moment, a problem only if they last. */
export const isTransientProblem = (message: string): boolean => /^(empty file|empty pid file|incomplete JSON)/.test(message);

/** The problems of one project, keyed by `.loki`-relative file. */
export class ProblemBook {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly label: string,
    /** How long a torn read stays hidden; 0 for one-shot readers (`snapshot`), which report what they could not read. */
    private readonly graceMs = TRANSIENT_PROBLEM_GRACE_MS,
  ) {}

  /** Records a problem; logs it (debug for torn reads, warn otherwise) only when the message is new for that file. */
  set(file: string, message: string): void {
    const prev = this.entries.get(file);
    if (prev && prev.message === message) return;
    const transient = isTransientProblem(message);
    this.entries.set(file, { message, since: prev?.since ?? this.now(), transient });
    const text = `${this.label}/${file}: ${message} (keeping the last good value)`;
    if (transient) this.log.debug(text);
    else this.log.warn(text);
  }

  /** Clears the problem of one file. */
  clear(file: string): void {
    this.entries.delete(file);
  }

  /** Clears everything (`.loki` gone). */
  clearAll(): void {
    this.entries.clear();
  }

  /** Files with a problem (shown or not yet). */
  files(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * When the next hidden torn read becomes visible, and which files it concerns (they should be re-read then:
   * nothing else may change to trigger it); null when none is waiting.
   */
  dueAt(): { at: number; files: string[] } | null {
    let at = Infinity;
    const files: string[] = [];
    const now = this.now();
    for (const [file, p] of this.entries) {
      if (!p.transient || now - p.since >= this.graceMs) continue;
      const due = p.since + this.graceMs;
      if (due < at) { at = due; files.length = 0; }
      if (due === at) files.push(file);
    }
    return files.length ? { at, files } : null;
  }

  /** Problems to show now: torn reads only after {@link TRANSIENT_PROBLEM_GRACE_MS}; sorted by file. */
  visible(): Problem[] {
    const now = this.now();
    const out: Problem[] = [];
    for (const [file, p] of this.entries) {
      if (p.transient && now - p.since < this.graceMs) continue;
      out.push({ file, message: p.message });
    }
    return out.sort((a, b) => a.file.localeCompare(b.file));
  }
}

/** Runs a parser so that nothing it throws escapes: one hostile file becomes that file's problem, the others still read. */
export function safeParse<T, I = string>(parse: (input: I) => ParseResult<T>, input: I): ParseResult<T> {
  try {
    return parse(input);
  } catch (err) {
    return { ok: false, problem: `cannot be read: ${err instanceof RangeError ? 'a value is nested or sized beyond the limits' : 'a field has a value no reader can take'}` };
  }
}
