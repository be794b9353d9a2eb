// Machine-wide learnings `~/.loki/learnings/*.jsonl` (contract §1.9, §3.5.1). They live outside `.loki`, so the
// project watcher never sees them: the model re-reads them on loadAll and on refreshGlobal().
import type { FileAccessor } from '../fileAccess';
import type { Learning } from '../domain';
import { parseGlobalLearnings } from './learnings';
import type { ProblemBook } from './problemBook';

/** Reads and keeps the global learnings; problems are filed under the absolute path. */
export class GlobalLearnings {
  private byFile = new Map<string, Learning[]>();

  constructor(
    private readonly files: FileAccessor,
    private readonly homeDir: string | null,
    private readonly maxBytes: number,
    private readonly problems: ProblemBook,
  ) {}

  /** Absolute path of the global learnings directory, or null when there is no home dir. */
  get dir(): string | null {
    return this.homeDir === null ? null : `${this.homeDir.replace(/[\\/]+$/, '')}/.loki/learnings`;
  }

  /** Re-reads every `*.jsonl` file; an unreadable one keeps its last entries and files a problem. */
  async refresh(): Promise<void> {
    const dir = this.dir;
    if (dir === null) return;
    const names = (await this.files.list(dir)).filter(n => n.endsWith('.jsonl')).sort();
    const next = new Map<string, Learning[]>();
    for (const name of names) {
      const abs = `${dir}/${name}`;
      const read = await this.files.readText(abs, this.maxBytes);
      if (read.ok) {
        next.set(abs, parseGlobalLearnings(read.text, `~/.loki/learnings/${name}`));
        this.problems.clear(abs);
      } else if (read.reason !== 'missing' && read.reason !== 'not-a-file') {
        this.problems.set(abs, read.message);
        next.set(abs, this.byFile.get(abs) ?? []);
      }
    }
    for (const abs of this.byFile.keys()) if (!next.has(abs)) this.problems.clear(abs);
    this.byFile = next;
  }

  /** All global learnings; those naming this project (its name or folder name, as the runner writes it) get its id. */
  list(projectNames: readonly string[], projectId: string): Learning[] {
    const out: Learning[] = [];
    for (const entries of this.byFile.values()) {
      for (const l of entries) out.push(l.projectName !== null && projectNames.includes(l.projectName) ? { ...l, projectId } : l);
    }
    return out;
  }
}
