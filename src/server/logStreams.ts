// GET /api/logs/stream: a project's new log lines as Server-Sent Events, for clients that want a plain HTTP stream.
import type { ServerResponse } from 'node:http';
import type { Disposable } from '../core/disposable';
import type { LogEntry, LogLevel } from '../core/domain';
import type { DataSource } from './types';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

interface Listener {
  res: ServerResponse;
  projectId: string;
  minLevel: LogLevel | null;
}

/** One SSE event: `id` is the line's seq so a client can tell where it stopped. */
export function sseEvent(entry: LogEntry): string {
  return `id: ${entry.seq}\nevent: log\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** The open SSE responses of one server; `dispose()` ends them all so the server can close. */
export class LogStreams implements Disposable {
  private readonly listeners = new Set<Listener>();
  private readonly sub: Disposable;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly source: DataSource, opts: { pingIntervalMs: number; maxStreams: number }) {
    this.maxStreams = opts.maxStreams;
    this.sub = source.onChange(e => {
      if (e.change.kind !== 'log/entries') return;
      for (const l of this.listeners) {
        if (l.projectId !== e.projectId) continue;
        const text = e.change.entries.filter(x => !l.minLevel || LEVEL_RANK[x.level] >= LEVEL_RANK[l.minLevel]).map(sseEvent).join('');
        if (text) this.write(l, text);
      }
    });
    // A comment line keeps proxies from closing an idle stream and reveals dead peers.
    this.timer = setInterval(() => { for (const l of this.listeners) this.write(l, ': ping\n\n'); }, opts.pingIntervalMs);
    this.timer.unref();
  }

  private readonly maxStreams: number;

  /** Number of open streams. */
  get size(): number {
    return this.listeners.size;
  }

  /** Whether another stream may open. */
  hasRoom(): boolean {
    return this.listeners.size < this.maxStreams;
  }

  /** Starts streaming to `res`: headers, the last `tail` lines, then every new line until the client goes away. */
  open(res: ServerResponse, projectId: string, opts: { tail: number; minLevel: LogLevel | null; headers: Record<string, string> }): void {
    res.writeHead(200, { ...opts.headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const l: Listener = { res, projectId, minLevel: opts.minLevel };
    this.listeners.add(l);
    res.on('close', () => this.listeners.delete(l));
    const backlog = opts.tail > 0 ? this.source.logs(projectId, { limit: opts.tail, level: opts.minLevel }) : [];
    this.write(l, `: streaming logs of ${projectId}\n\n${backlog.map(sseEvent).join('')}`);
  }

  private write(l: Listener, text: string): void {
    // A client that does not read is dropped rather than buffered without bound.
    if (l.res.writableLength > 4 * 1024 * 1024) {
      this.listeners.delete(l);
      l.res.destroy();
      return;
    }
    l.res.write(text);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.sub.dispose();
    for (const l of this.listeners) l.res.end();
    this.listeners.clear();
  }
}
