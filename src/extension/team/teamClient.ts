// A client of a team hub (or any loki-dashboard API server): every remote project's snapshot, kept current by the
// server's WebSocket events (a project whose event arrives is re-read once, debounced), and control requests when
// the token's scope allows them (`GET /api/token` says so). No vscode import.
import WebSocket from 'ws';
import { Emitter } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { AppGroup, ProjectSnapshot } from '../../core/domain';
import type { Logger } from '../../core/logger';
import type { RemoteAction } from './remoteActions';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);

/** The app groups of a `/api/apps` body or an `apps:changed` event; malformed entries are left out. */
export function readAppGroups(x: unknown): AppGroup[] {
  if (!Array.isArray(x)) return [];
  return x.flatMap(g => (isObj(g) && typeof g.appId === 'string'
    ? [{ appId: g.appId, roots: strings(g.roots), members: strings(g.members), projectIds: strings(g.projectIds) }]
    : []));
}

/** Connection to one remote server. `connect()` loads everything; `dispose()` closes the socket. */
export class TeamClient implements Disposable {
  private readonly snaps = new Map<string, ProjectSnapshot>();
  private appGroups: AppGroup[] = [];
  private readonly emitter = new Emitter<void>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ws: WebSocket | undefined;
  private disposed = false;
  private control = false;
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
    await this.readApps();
    this.control = await this.readScope();
    await this.listen();
    this.emitter.fire();
  }

  /** Whether the server accepts this token's control requests (a server without `/api/token` is treated as read-only). */
  private async readScope(): Promise<boolean> {
    try {
      const t = await this.get('/api/token');
      return isObj(t) && t.control === true;
    } catch (err) {
      this.log.info(`team: ${this.url} does not report the token's scope (${(err as Error).message}); remote projects stay read-only`);
      return false;
    }
  }

  /** The server's app groups (`GET /api/apps`); a server without that route has none. */
  private async readApps(): Promise<void> {
    try {
      const body = await this.get('/api/apps');
      this.appGroups = readAppGroups(isObj(body) ? body.apps : undefined);
    } catch (err) {
      this.log.info(`team: ${this.url} lists no apps (${(err as Error).message})`);
      this.appGroups = [];
    }
  }

  /** True when the token has control scope on a server that accepts control: the Team section then offers actions. */
  canControl(): boolean {
    return this.control;
  }

  /**
   * Sends a control request for a remote project (the hub routes it to the publisher that owns it). Rejects with the
   * server's message: 403 without control scope, 503 when the publisher is offline, 504 when it does not answer.
   */
  async send(projectId: string, action: RemoteAction, args: { text?: string; title?: string; description?: string; priority?: string } = {}): Promise<unknown> {
    const id = encodeURIComponent(projectId);
    const [method, path, body]: [string, string, unknown] = action === 'addTask'
      ? ['POST', '/api/tasks', { project: projectId, title: args.title ?? '', description: args.description ?? '', priority: args.priority ?? 'medium' }]
      : action === 'input' ? ['POST', `/api/sessions/${id}/input`, { text: args.text ?? '' }] : ['POST', `/api/sessions/${id}/${action}`, {}];
    const res = await fetch(`${this.url}${path}`, {
      method, body: JSON.stringify(body), headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(30_000),
    });
    const answer: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const message = isObj(answer) && isObj(answer.error) && typeof answer.error.message === 'string' ? answer.error.message : `HTTP ${res.status}`;
      throw new Error(`${action} on ${projectId}: ${message} (HTTP ${res.status})`);
    }
    return answer;
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
    // App membership comes whole with its event: no re-read needed.
    if (m.type === 'apps:changed') {
      this.appGroups = readAppGroups(m.data.apps);
      if (!this.disposed) this.emitter.fire();
      return;
    }
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

  /** The server's multi-repo apps, with the ids of its projects (the ids `projects()` carries). */
  apps(): AppGroup[] {
    return this.appGroups;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.terminate();
    this.emitter.dispose();
  }
}
