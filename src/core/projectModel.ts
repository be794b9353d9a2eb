import { Buffer } from 'node:buffer';
import * as nodePath from 'node:path';
import type { BytesRead, FileAccessor, TextRead } from './fileAccess';
import type { Logger } from './logger';
import { emptyColumns } from './domain';
import type { Agent, LokiEvent, ProjectInfo, ProjectSnapshot } from './domain';
import { deriveSnapshot } from './deriveSnapshot';
import type { BoardMemo, CachedFile } from './deriveSnapshot';
import { FACT_KINDS } from './attention/facts';
import type { FactEntry } from './attention/facts';
import { FIXED_FILES, isUnder, kindOf, SCAN_DIRS } from './parsers/lokiPaths';
import type { FileKind } from './parsers/lokiPaths';
import { AgentMemory } from './parsers/agentMemory';
import { parserFor } from './parsers/fileParsers';
import type { ParserContext } from './parsers/fileParsers';
import { GlobalLearnings } from './parsers/globalLearnings';
import { LogTails } from './parsers/logTails';
import type { DrainedLog } from './parsers/logs';
export type { DrainedLog } from './parsers/logs';
import { ProblemBook, safeParse } from './parsers/problemBook';
import { QueueReader } from './parsers/queueReader';
import { sessionIdFor } from './parsers/session';
import { queueFileStatus, reportOnce } from './statusVocabulary';
import type { ReportUnknown } from './statusVocabulary';

/** What a ProjectModel needs from its environment. */
export interface ProjectModelDeps {
  project: ProjectInfo;
  files: FileAccessor;
  log: Logger;
  /** Home directory whose `.loki/learnings/*.jsonl` hold the global learnings; null skips them. */
  homeDir: string | null;
  /** kill(pid, 0) in production; tests pass a fake. */
  isPidAlive: (pid: number) => boolean;
  now: () => number;
  /** Largest state file read whole (default 16 MiB); bigger ones become a problem and the last good value stays. */
  maxFileBytes?: number;
  /** How long torn reads stay hidden (default TRANSIENT_PROBLEM_GRACE_MS); one-shot readers pass 0. */
  transientGraceMs?: number;
}


/** Default cap for whole-file reads: far above any real state file, far below what would hurt the extension host. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
export { TRANSIENT_PROBLEM_GRACE_MS } from './parsers/problemBook';

/**
 * The in-memory reading of one project's `.loki/`: the last good parsed value of every file kind,
 * problems for files that could not be read, incremental tails of logs and events.
 */
export class ProjectModel {
  private readonly entries = new Map<string, CachedFile>();
  /** Queue files keep their last text so a rewrite re-parses only the records that changed. */
  private readonly queues = new Map<string, QueueReader>();
  private readonly board: BoardMemo = { sources: [], columns: emptyColumns(), index: new Map(), iterations: [] };
  private readonly problems: ProblemBook;
  private readonly control = new Map<string, number>();
  private readonly agentMemory = new AgentMemory();
  /** Per-path read generation: a slow read that finishes after a newer one must not overwrite it. */
  private readonly generations = new Map<string, number>();
  private readonly tails: LogTails;
  private readonly global: GlobalLearnings;
  private readonly parserContext: ParserContext;
  private readonly report: ReportUnknown;
  private hasLoki = false;
  /** "Needs you" memory: PAUSE_AT_CHECKPOINT vanishes when the runner turns it into PAUSE. */
  private checkpointRequestedAt: number | null = null;

  constructor(readonly deps: ProjectModelDeps) {
    this.tails = new LogTails(deps.files, this.lokiDir);
    this.problems = new ProblemBook(deps.log, deps.now, `${deps.project.path}/.loki`, deps.transientGraceMs);
    this.global = new GlobalLearnings(deps.files, deps.homeDir, this.maxBytes, this.problems);
    this.report = reportOnce((vocabulary, value) => deps.log.warn(`Unknown ${vocabulary} "${value}" in ${deps.project.path}/.loki; using a default`));
    this.parserContext = { projectId: deps.project.id, sessionId: () => this.currentSessionId(), report: this.report };
  }

  /** Absolute path of the project's `.loki` directory. */
  get lokiDir(): string {
    return this.deps.project.path + '/.loki';
  }

  private get maxBytes(): number {
    return this.deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  private abs(rel: string): string {
    return `${this.lokiDir}/${rel}`;
  }

  /** Reads every file kind the product shows (start, `.loki` recreated, resync). Logs start from their last 256 KiB. */
  async loadAll(): Promise<void> {
    await this.global.refresh();
    const st = await this.deps.files.stat(this.lokiDir);
    if (!st?.isDirectory) {
      this.forgetAll();
      return;
    }
    this.hasLoki = true;
    // The reads run concurrently (the first paint waits for them); parsing stays in the fixed order, because later
    // kinds (queues) take the session id from earlier ones (state files).
    const reads = FIXED_FILES.map(([rel, kind]) => {
      if (kind === 'control' || kind === 'humanInputLog') return null;
      const read = this.startRead(rel, kind);
      read.catch(() => undefined); // a failure surfaces when readKind awaits it, not as an unhandled rejection before
      return read;
    });
    for (const [i, [rel, kind]] of FIXED_FILES.entries()) await this.readKind(rel, kind, reads[i] ?? undefined);
    for (const { dir, depth } of SCAN_DIRS) await this.rescan(dir, depth);
    await this.tails.scan();
  }

  /** Re-reads whatever `absPath` (a file or directory under `.loki/`, or `.loki` itself) affects, after a watcher saw it change or vanish. */
  async applyFile(absPath: string): Promise<void> {
    const rel = this.relOf(absPath);
    if (rel === null) {
      if (this.global.dir !== null && isUnder(nodePath.resolve(absPath), nodePath.resolve(this.global.dir))) await this.global.refresh();
      return;
    }
    if (rel === '' || !this.hasLoki) {
      await this.loadAll();
      return;
    }
    if (LogTails.handles(rel)) {
      await this.tails.read(rel);
      return;
    }
    const kind = kindOf(rel);
    if (kind) {
      await this.readKind(rel, kind);
      return;
    }
    const st = await this.deps.files.stat(absPath);
    if (st && !st.isDirectory) return;
    if (!st && !(await this.deps.files.stat(this.lokiDir))?.isDirectory) {
      this.forgetAll();
      return;
    }
    await this.refreshUnder(rel);
  }

  /** Re-reads the global learnings (`~/.loki/learnings/*.jsonl`), which the `.loki` watcher cannot see. */
  async refreshGlobal(): Promise<void> {
    await this.global.refresh();
  }

  /** The derived state now (without version: the monitor owns versions). */
  snapshot(): Omit<ProjectSnapshot, 'version'> {
    return deriveSnapshot({
      project: this.deps.project,
      hasLoki: this.hasLoki,
      files: this.entries,
      control: this.control,
      agents: sessionId => this.agentMemory.agents(sessionId),
      globalLearnings: (names, projectId) => this.global.list(names, projectId),
      problems: this.problems.visible(),
      factEntries: () => this.factEntries(),
      checkpointRequestedAt: this.checkpointRequestedAt,
      sessionEnded: this.tails.sessionEnded,
      isPidAlive: this.deps.isPidAlive,
      now: this.deps.now(),
      report: this.report,
    }, this.board);
  }

  /** Log lines read since the last call. */
  drainLogs(): DrainedLog[] {
    return this.tails.drainLogs();
  }

  /** The entries the attention facts are built from (a generator: no copy of the whole map per snapshot). */
  private *factEntries(): Generator<FactEntry> {
    for (const [rel, e] of this.entries) if (FACT_KINDS.has(e.kind)) yield { rel, ...e };
  }

  /** When a hidden torn read becomes a visible problem, with the absolute paths to re-read then; null if none waits. */
  problemsDue(): { at: number; paths: string[] } | null {
    const due = this.problems.dueAt();
    return due && { at: due.at, paths: due.files.map(f => (nodePath.isAbsolute(f) ? f : this.abs(f))) };
  }

  /** Logs whose last read left bytes behind (a burst above the per-read bound): read them again. */
  laggingFiles(): string[] {
    return this.tails.lagging();
  }

  /** events.jsonl records read since the last call. */
  drainEvents(): LokiEvent[] {
    return this.tails.drainEvents();
  }

  // -------------------------------------------------------------------------------------------
  // Reading
  // -------------------------------------------------------------------------------------------

  /** `.loki`-relative path with forward slashes; '' for `.loki` itself; null outside it (the project folder counts as ''). */
  private relOf(absPath: string): string | null {
    const lokiDir = nodePath.resolve(this.lokiDir);
    const abs = nodePath.resolve(absPath);
    if (abs === nodePath.resolve(this.deps.project.path)) return '';
    const rel = nodePath.relative(lokiDir, abs);
    if (rel.startsWith('..') || nodePath.isAbsolute(rel)) return null;
    return rel.split(nodePath.sep).join('/');
  }

  /** A directory appeared, changed or vanished: re-read the fixed files and scan dirs inside it, drop what is gone. */
  private async refreshUnder(rel: string): Promise<void> {
    if (isUnder('logs', rel)) await this.tails.scan();
    for (const [f, kind] of FIXED_FILES) if (isUnder(f, rel)) await this.readKind(f, kind);
    for (const { dir, depth } of SCAN_DIRS) {
      if (isUnder(dir, rel)) await this.rescan(dir, depth);
      else if (isUnder(rel, dir)) await this.rescan(dir, depth);
    }
  }

  private async rescan(dir: string, depth: 1 | 2): Promise<void> {
    const seen = new Set<string>();
    const names = await this.deps.files.list(this.abs(dir));
    for (const name of names.sort()) {
      const rel = `${dir}/${name}`;
      if (depth === 2) {
        for (const sub of (await this.deps.files.list(this.abs(rel))).sort()) {
          const child = `${rel}/${sub}`;
          const kind = kindOf(child);
          if (!kind) continue;
          seen.add(child);
          await this.readKind(child, kind);
        }
        continue;
      }
      const kind = kindOf(rel);
      if (!kind) continue;
      seen.add(rel);
      await this.readKind(rel, kind);
    }
    for (const rel of [...this.entries.keys(), ...this.problems.files()]) {
      if (isUnder(rel, dir) && rel !== dir && !seen.has(rel)) this.drop(rel);
    }
  }

  /** Starts reading one file: queue files as bytes (their reader decodes only the records that changed), others as text. */
  private startRead(rel: string, kind: FileKind): Promise<TextRead | BytesRead> {
    const abs = this.abs(rel);
    return kind === 'queue' ? this.deps.files.readWholeBytes(abs, this.maxBytes) : this.deps.files.readText(abs, this.maxBytes);
  }

  private async readKind(rel: string, kind: FileKind, started?: Promise<TextRead | BytesRead>): Promise<void> {
    if (kind === 'control') return this.readControl(rel);
    if (kind === 'humanInputLog') return this.readPresence(rel, kind);
    const queue = kind === 'queue' ? this.queueReader(rel) : null;
    const parse = queue ? null : parserFor(kind, rel, this.parserContext);
    if (!queue && !parse) return;
    const gen = (this.generations.get(rel) ?? 0) + 1;
    this.generations.set(rel, gen);
    const read = await (started ?? this.startRead(rel, kind));
    if (this.generations.get(rel) !== gen) return;
    if (!read.ok) {
      if (read.reason === 'missing' || read.reason === 'not-a-file') this.drop(rel);
      else this.problems.set(rel, read.message);
      return;
    }
    const parsed = queue
      ? safeParse(b => queue.parse(b), 'bytes' in read ? read.bytes : Buffer.from(read.text))
      : safeParse(parse!, 'text' in read ? read.text : Buffer.from(read.bytes).toString('utf8'));
    if (!parsed.ok) {
      this.problems.set(rel, parsed.problem);
      return;
    }
    if (parsed.warning !== undefined) this.problems.set(rel, parsed.warning);
    else this.problems.clear(rel);
    this.entries.set(rel, { kind, value: parsed.value, mtimeMs: read.mtimeMs });
    if (kind === 'agents') this.agentMemory.remember(this.currentSessionId(), parsed.value as Agent[]);
  }

  /** The incremental parser of one queue file (null for a name that is not a queue file). */
  private queueReader(rel: string): QueueReader | null {
    let reader = this.queues.get(rel);
    if (!reader) {
      const column = queueFileStatus(rel.slice('queue/'.length));
      if (!column) return null;
      reader = new QueueReader(rel, column, this.report);
      this.queues.set(rel, reader);
    }
    return reader;
  }

  private async readControl(rel: string): Promise<void> {
    const st = await this.deps.files.stat(this.abs(rel));
    if (st) this.control.set(rel, st.mtimeMs);
    else this.control.delete(rel);
    if (st && rel === 'PAUSE_AT_CHECKPOINT') this.checkpointRequestedAt = st.mtimeMs;
  }

  /** Files whose name and time are all that matters (a quarantined input can be far larger than a state file). */
  private async readPresence(rel: string, kind: FileKind): Promise<void> {
    const st = await this.deps.files.stat(this.abs(rel));
    if (st?.isFile) this.entries.set(rel, { kind, value: null, mtimeMs: st.mtimeMs });
    else this.drop(rel);
  }

  // -------------------------------------------------------------------------------------------
  // State
  // -------------------------------------------------------------------------------------------

  private value<T>(rel: string): T | null {
    const e = this.entries.get(rel);
    return e ? (e.value as T) : null;
  }

  private currentSessionId(): string {
    return sessionIdFor(this.deps.project.id, this.value('state/orchestrator.json'), this.value('dashboard-state.json'));
  }

  private drop(rel: string): void {
    this.entries.delete(rel);
    this.queues.delete(rel);
    this.problems.clear(rel);
  }

  private forgetAll(): void {
    this.hasLoki = false;
    this.entries.clear();
    this.queues.clear();
    // Global learnings live outside `.loki`: their problems (filed by absolute path) outlive it.
    for (const f of this.problems.files()) if (!nodePath.isAbsolute(f)) this.problems.clear(f);
    this.control.clear();
    this.checkpointRequestedAt = null;
    this.generations.clear();
    this.tails.reset();
  }
}
