// Low-level writes into `.loki/`, each with the write pattern the real runner uses for that file (the fixtures'
// inotify traces show which files are renamed into place and which are truncated and rewritten in place).
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/write/atomicWrite';
import { isoZ } from './formats';

/** What `save_state` writes (run.sh:19043-19054), in its key order. */
export interface AutonomyState {
  retryCount: number;
  iterationCount: number;
  status: string;
  lastExitCode: number;
  lastRun: string;
  prdPath: string;
  pid: number;
  maxRetries: number;
  baseWait: number;
}

/** File operations relative to one `.loki` directory. */
export class LokiFiles {
  constructor(readonly lokiDir: string) {}

  /** Absolute path of a `.loki`-relative path. */
  abs(rel: string): string {
    return path.join(this.lokiDir, rel);
  }

  async mkdirs(rels: string[]): Promise<void> {
    for (const rel of rels) await fs.mkdir(this.abs(rel), { recursive: true });
  }

  async exists(rel: string): Promise<boolean> {
    return (await fs.lstat(this.abs(rel)).catch(() => null)) !== null;
  }

  /** Temp file + rename (`jq ... > tmp && mv`, Python `os.replace`). */
  async atomic(rel: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(rel)), { recursive: true });
    await writeFileAtomic(this.abs(rel), text);
  }

  /** `dashboard-state.json.tmp.$$.$RANDOM` then `mv`, exactly as write_dashboard_state does. */
  async atomicBashRandom(rel: string, text: string): Promise<void> {
    const tmp = `${this.abs(rel)}.tmp.${process.pid}.${randomInt(0, 32768)}`;
    await fs.writeFile(tmp, text);
    await fs.rename(tmp, this.abs(rel));
  }

  /** `> file` / `open(path, "w")`: truncate, then write. Readers can catch the file empty or half-written. */
  async inPlace(rel: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(rel)), { recursive: true });
    await fs.writeFile(this.abs(rel), text);
  }

  async append(rel: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(rel)), { recursive: true });
    await fs.appendFile(this.abs(rel), text);
  }

  async remove(rel: string): Promise<void> {
    await fs.rm(this.abs(rel), { force: true, recursive: true });
  }

  async readText(rel: string): Promise<string | null> {
    return fs.readFile(this.abs(rel), 'utf8').catch(() => null);
  }

  /** Parsed JSON or `fallback` when missing or unparsable (the runner's readers are just as forgiving). */
  async readJson<T>(rel: string, fallback: T): Promise<T> {
    const text = await this.readText(rel);
    if (text === null || !text.trim()) return fallback;
    try {
      return JSON.parse(text) as T;
    } catch {
      return fallback;
    }
  }

  /** One `emit_event_json` line in `events.jsonl` (run.sh:2481-2515). */
  async event(type: string, data: Record<string, unknown>, at = new Date()): Promise<void> {
    await this.append('events.jsonl', `${JSON.stringify({ timestamp: isoZ(at), type, data })}\n`);
  }

  /** `save_state`: the heredoc layout with 4-space indent, rewritten in place. */
  async autonomyState(s: AutonomyState): Promise<void> {
    const body = Object.entries(s).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
    await this.inPlace('autonomy-state.json', `{\n${body}\n}\n`);
  }
}
