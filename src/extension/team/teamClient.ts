// A read-only client of a team hub (or any loki-dashboard API server): every remote project's snapshot, kept current
// by the server's WebSocket events (a project whose event arrives is re-read once, debounced). No vscode import.
import WebSocket from 'ws';
import { Emitter } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { ProjectSnapshot } from '../../core/domain';
import type { Logger } from '../../core/logger';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Connection to one remote server. `connect()` loads everything; `dispose()` closes the socket. */
export class TeamClient implements Disposable {
  private readonly snaps = new Map<string, ProjectSnapshot>();
  private readonly emitter = new Emitter<void>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ws: WebSocket | undefined;
  private disposed = false;
  /** Fired after remote projects changed. */
  readonly onDidChange = this.emitter.event;

  constructor(readonly url: string, private readonly token: string, private readonly log: Logger) {}

  private async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, { headers: { Authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  }

  /** Reads every project, then follows the event stream. Rejects with a readable message when the server refuses. */
  async connect(): Promise<void> {
    const list = await this.get('/api/projects');
    const ids = isObj(list) && Array.isArray(list.projects) ? list.projects.flatMap(p => (isObj(p) && typeof p.id === 'string' ? [p.id] : [])) : [];
    for (const id of ids) await this.refresh(id);
    await this.listen();
    this.emitter.fire();
  }

  private async refresh(id: string): Promise<void> {
    try {
      const snap = await this.get(`/api/projects/${encodeURIComponent(id)}`);
      if (isObj(snap) && isObj(snap.project) && isObj(snap.session)) this.snaps.set(id, snap as unknown as ProjectSnapshot);
    } catch (err) {
      if (/HTTP 404/.test((err as Error).message)) this.snaps.delete(id);
      else this.log.warn(`team: reading ${id} failed: ${(err as Error).message}`);
    }
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/ws`, { headers: { Authorization: `Bearer ${this.token}` } });
      this.ws = ws;
      ws.once('open', () => { ws.send(JSON.stringify({ type: 'subscribe', channels: ['*'] })); resolve(); });
      ws.once('error', err => reject(err));
      ws.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
      ws.on('close', () => { if (!this.disposed) this.log.warn(`team: connection to ${this.url} closed`); });
    });
  }

  private onMessage(text: string): void {
    let m: unknown;
    try { m = JSON.parse(text); } catch { return; }
    if (!isObj(m) || !isObj(m.data)) return;
    const id = typeof m.data.projectId === 'string' ? m.data.projectId : isObj(m.data.project) && typeof m.data.project.id === 'string' ? m.data.project.id : null;
    if (!id) return;
    this.pending.add(id);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const ids = [...this.pending];
      this.pending.clear();
      void Promise.all(ids.map(x => this.refresh(x))).then(() => { if (!this.disposed) this.emitter.fire(); });
    }, 100);
  }

  /** Remote projects by name. */
  projects(): ProjectSnapshot[] {
    return [...this.snaps.values()].sort((a, b) => a.project.name.localeCompare(b.project.name));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.terminate();
    this.emitter.dispose();
  }
}
