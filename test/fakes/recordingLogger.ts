import type { Logger } from '../../src/core/logger';

/** A Logger that keeps every message so tests can assert what was reported (and how often). */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: 'debug' | 'info' | 'warn' | 'error'; message: string }> = [];
  debug(m: string): void { this.lines.push({ level: 'debug', message: m }); }
  info(m: string): void { this.lines.push({ level: 'info', message: m }); }
  warn(m: string): void { this.lines.push({ level: 'warn', message: m }); }
  error(m: string | Error): void { this.lines.push({ level: 'error', message: m instanceof Error ? m.message : m }); }
  /** Messages of one level. */
  at(level: 'debug' | 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter(l => l.level === level).map(l => l.message);
  }
}
