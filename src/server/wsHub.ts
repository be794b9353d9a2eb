// Open WebSocket connections: subscriptions, per-connection seq, rate limits, heartbeats, slow consumers, revocation.
import type { WebSocket } from 'ws';
import type { Disposable } from '../core/disposable';
import type { Logger } from '../core/logger';
import type { AppGroup, AttentionItem, ChangeEnvelope, ProjectSnapshot } from '../core/domain';
import type { CompatMessage } from './compatMapper';
import { COMPAT_CONNECTED, affectsCompatStatus, compatStatus, compatTaskMessages } from './compatMapper';
import type { WsEvent } from './eventMapper';
import { EventMapper, channels, publicTask } from './eventMapper';
import { TokenBucket } from './rateLimiter';
import type { TokenInfo } from './tokens';
import type { DataSource, ServerLimits } from './types';

/** Close codes the hub uses (RFC 6455 §7.4.1). */
export const CLOSE = { goingAway: 1001, policy: 1008, tooBig: 1009, tryLater: 1013 } as const;

const CHANNEL_RE = /^(\*|project:[^\s]{1,200}|session:[^\s]{1,300}|logs:[^\s]{1,200})$/;
const MAX_CHANNELS_PER_MESSAGE = 32;
const MAX_SUBSCRIPTIONS = 256;
/** How long a connection closed as a slow consumer may take to drain its close frame before it is cut. */
const SLOW_CLOSE_GRACE_MS = 5000;
/** Subscribe messages per connection: a burst of 8, then one every 2 s (each may send several whole snapshots). */
const SUBSCRIBE_BURST = 8;
const SUBSCRIBES_PER_SECOND = 0.5;

interface Client {
  ws: WebSocket;
  token: TokenInfo;
  compat: boolean;
  /** Compat connections follow one project: the `?project=` one, else the first project. */
  compatProject: string | null;
  lastCompatStatus: string;
  subs: Set<string>;
  seq: number;
  bucket: TokenBucket;
  /** Subscribes are what make the server serialise and send whole snapshots: they have their own, slower bucket. */
  subscribeBucket: TokenBucket;
  strikes: number;
  alive: boolean;
  closing: boolean;
}

/** Counters for tests and the status route. */
export interface HubStats {
  connections: number;
  slowConsumersClosed: number;
}

/** The set of live connections and everything that is sent to them. */
export class WsHub implements Disposable {
  private readonly clients = new Set<Client>();
  private readonly mapper = new EventMapper();
  private readonly knownProjects = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private slowClosed = 0;
  /** Serialised snapshot per project, reused for every client until the version changes (the `seq` is spliced in). */
  private readonly snapshotText = new Map<string, { version: number; head: string; tail: string }>();

  constructor(private readonly deps: { source: DataSource; limits: ServerLimits; log: Logger; now: () => number }) {
    for (const p of deps.source.projects()) this.noteProject(p.id);
    this.timer = setInterval(() => this.heartbeat(), deps.limits.pingIntervalMs);
    this.timer.unref();
  }

  stats(): HubStats {
    return { connections: this.clients.size, slowConsumersClosed: this.slowClosed };
  }

  /** Takes over an accepted socket. */
  attach(ws: WebSocket, token: TokenInfo, opts: { compat: boolean; project: string | null }): void {
    const l = this.deps.limits;
    const c: Client = {
      ws, token, compat: opts.compat, compatProject: opts.project, lastCompatStatus: '', subs: new Set(), seq: 0,
      bucket: new TokenBucket(l.rateBurst, l.ratePerSecond, this.deps.now),
      subscribeBucket: new TokenBucket(SUBSCRIBE_BURST, SUBSCRIBES_PER_SECOND, this.deps.now), strikes: 0, alive: true, closing: false,
    };
    this.clients.add(c);
    ws.on('pong', () => { c.alive = true; });
    ws.on('message', (data, isBinary) => this.onMessage(c, rawDataText(data), isBinary));
    ws.on('close', () => this.clients.delete(c));
    ws.on('error', err => this.deps.log.debug(`ws client error: ${err.message}`));
    if (c.compat) {
      this.sendCompat(c, COMPAT_CONNECTED);
      this.pushCompatStatus(c);
    }
  }

  /** Delivers one core change to every interested connection. */
  publish(env: ChangeEnvelope): void {
    const events = this.mapper.map(env);
    const native = events.map(e => ({ e, tail: `,"data":${JSON.stringify(e.data)}}`, head: JSON.stringify({ type: e.type, channel: e.channel, timestamp: e.timestamp }).slice(0, -1) }));
    const compatTouched = affectsCompatStatus(env);
    for (const c of this.clients) {
      if (c.compat) {
        if (this.compatProjectOf(c) !== env.projectId) continue;
        for (const m of compatTaskMessages(env, this.deps.source.snapshot(env.projectId))) this.sendCompat(c, m);
        if (compatTouched) this.pushCompatStatus(c);
        continue;
      }
      for (const n of native) if (wants(c, n.e)) this.sendRaw(c, `${n.head},"seq":${++c.seq}${n.tail}`);
    }
  }

  /** The "Needs you" items changed: `*` subscribers and subscribers of an affected project get every item. */
  publishAttention(items: AttentionItem[], projectIds: readonly string[]): void {
    this.broadcastNative('attention:changed', ['*', ...projectIds.map(channels.project)], { count: items.length, items });
  }

  /** App membership changed (a team publisher discovered or lost an app): `*` subscribers get every group. */
  publishApps(apps: AppGroup[]): void {
    this.broadcastNative('apps:changed', ['*'], { apps });
  }

  /** A server-wide event on the `*` channel to every native client subscribed to one of `audience`. */
  private broadcastNative(type: WsEvent['type'], audience: string[], data: WsEvent['data']): void {
    const e: WsEvent = { type, channel: '*', audience, timestamp: new Date(this.deps.now()).toISOString(), data };
    for (const c of this.clients) if (!c.compat && wants(c, e)) this.sendNative(c, e.type, e.channel, e.data);
  }

  /** Projects appeared or went away: `*` subscribers get snapshots of new ones. */
  projectsChanged(ids: string[]): void {
    const now = new Set(ids);
    for (const id of [...this.knownProjects]) if (!now.has(id)) { this.knownProjects.delete(id); this.mapper.forget(id); this.snapshotText.delete(id); }
    for (const id of ids) {
      if (this.knownProjects.has(id)) continue;
      const snap = this.noteProject(id);
      if (!snap) continue;
      for (const c of this.clients) if (!c.compat && c.subs.has('*')) this.sendSnapshot(c, snap);
    }
  }

  /** Closes, with 1008, every connection whose token is no longer valid (called whenever the token list changes). */
  revalidate(isValid: (tokenId: string) => boolean): void {
    for (const c of this.clients) {
      if (!isValid(c.token.id)) {
        c.closing = true;
        c.ws.close(CLOSE.policy, 'token revoked');
      }
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.ws.close(CLOSE.goingAway, 'server stopping');
  }

  /** Seeds the mapper with a project's current status; a project first seen through a change is not seeded (that would swallow the transition). */
  private noteProject(id: string): ProjectSnapshot | undefined {
    this.knownProjects.add(id);
    const snap = this.deps.source.snapshot(id);
    if (snap) this.mapper.seed(id, snap.session.status, snap.session.phase);
    return snap;
  }

  private compatProjectOf(c: Client): string | null {
    return c.compatProject ?? this.deps.source.projects()[0]?.id ?? null;
  }

  private onMessage(c: Client, text: string, isBinary: boolean): void {
    if (c.closing) return;
    if (!c.bucket.take()) {
      c.strikes++;
      if (c.strikes > this.deps.limits.rateStrikes) {
        c.closing = true;
        c.ws.close(CLOSE.policy, 'rate limit exceeded');
      } else if (c.strikes === 1) {
        this.sendError(c, 'rate_limited', 'too many messages; slow down or the connection is closed');
      }
      return;
    }
    c.strikes = 0;
    let msg: unknown;
    try {
      msg = isBinary ? undefined : JSON.parse(text);
    } catch {
      msg = undefined;
    }
    if (typeof msg !== 'object' || msg === null || typeof (msg as { type?: unknown }).type !== 'string') {
      this.sendError(c, 'bad_request', 'send JSON text frames like {"type":"subscribe","channels":["*"]}');
      return;
    }
    const m = msg as { type: string; channels?: unknown; data?: unknown };
    if (c.compat) return this.onCompatMessage(c, m);
    switch (m.type) {
      case 'ping':
        return this.sendNative(c, 'pong', '*', {});
      case 'subscribe':
      case 'unsubscribe': {
        if (m.type === 'subscribe' && !c.subscribeBucket.take()) {
          return this.sendError(c, 'rate_limited', `at most ${SUBSCRIBE_BURST} subscribes at once, then one every ${1 / SUBSCRIBES_PER_SECOND} s`);
        }
        const list = m.channels === undefined && m.type === 'unsubscribe' ? [...c.subs] : m.channels;
        if (!Array.isArray(list) || list.length > MAX_CHANNELS_PER_MESSAGE || !list.every(x => typeof x === 'string' && CHANNEL_RE.test(x))) {
          return this.sendError(c, 'bad_channels', `channels must be an array of at most ${MAX_CHANNELS_PER_MESSAGE} of "*", "project:<id>", "session:<id>", "logs:<projectId>"`);
        }
        return m.type === 'subscribe' ? this.subscribe(c, list as string[]) : this.unsubscribe(c, list as string[]);
      }
      default:
        return this.sendError(c, 'bad_request', `unknown message type ${m.type.slice(0, 50)}`);
    }
  }

  private onCompatMessage(c: Client, m: { type: string; data?: unknown }): void {
    switch (m.type) {
      case 'ping':
        return this.sendCompat(c, { type: 'pong' });
      case 'pong':
        c.alive = true;
        return;
      case 'subscribe':
        // Loki echoes the data back and filters nothing; so do we.
        return this.sendCompat(c, typeof m.data === 'object' && m.data !== null ? { type: 'subscribed', data: m.data as Record<string, unknown> } : { type: 'subscribed' });
      default:
        return;
    }
  }

  private subscribe(c: Client, list: string[]): void {
    const added = list.filter(ch => !c.subs.has(ch));
    if (c.subs.size + added.length > MAX_SUBSCRIPTIONS) return this.sendError(c, 'too_many_subscriptions', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
    for (const ch of added) c.subs.add(ch);
    // Snapshots first, then the ack: a client that sees `subscribed` already holds the state the deltas apply to.
    const projects = new Set<string>();
    for (const ch of added) {
      if (ch === '*') for (const p of this.deps.source.projects()) projects.add(p.id);
      else if (ch.startsWith('project:')) projects.add(ch.slice('project:'.length));
      else if (ch.startsWith('session:')) {
        const sid = ch.slice('session:'.length);
        const owner = this.deps.source.projects().find(p => this.deps.source.snapshot(p.id)?.session.id === sid);
        if (owner) projects.add(owner.id);
      }
    }
    for (const id of projects) {
      const snap = this.deps.source.snapshot(id);
      if (snap) this.sendSnapshot(c, snap);
    }
    this.sendNative(c, 'subscribed', '*', { channels: [...c.subs] });
  }

  private unsubscribe(c: Client, list: string[]): void {
    for (const ch of list) c.subs.delete(ch);
    this.sendNative(c, 'unsubscribed', '*', { channels: [...c.subs] });
  }

  /** Snapshots can be megabytes: serialise each version once and share the text between clients. */
  private sendSnapshot(c: Client, snap: ProjectSnapshot): void {
    const id = snap.project.id;
    let cached = this.snapshotText.get(id);
    if (cached?.version !== snap.version) {
      const head = JSON.stringify({ type: 'snapshot', channel: channels.project(id), timestamp: new Date(this.deps.now()).toISOString() }).slice(0, -1);
      // Cards without `raw`, as in the deltas: with it a 10,000-task snapshot passes the slow-client buffer limit.
      const columns = Object.fromEntries(Object.entries(snap.columns).map(([k, tasks]) => [k, tasks.map(publicTask)]));
      cached = { version: snap.version, head, tail: `,"data":${JSON.stringify({ ...snap, columns })}}` };
      this.snapshotText.set(id, cached);
    }
    this.sendRaw(c, `${cached.head},"seq":${++c.seq}${cached.tail}`);
  }

  private sendError(c: Client, code: string, message: string): void {
    if (c.compat) this.sendCompat(c, { type: 'error', data: { code, message } });
    else this.sendNative(c, 'error', '*', { code, message });
  }

  private sendNative(c: Client, type: string, channel: string, data: Record<string, unknown>): void {
    this.sendRaw(c, JSON.stringify({ type, channel, timestamp: new Date(this.deps.now()).toISOString(), seq: ++c.seq, data }));
  }

  private sendCompat(c: Client, m: CompatMessage): void {
    this.sendRaw(c, JSON.stringify(m));
  }

  private pushCompatStatus(c: Client): void {
    const id = this.compatProjectOf(c);
    const snap = id ? this.deps.source.snapshot(id) : undefined;
    if (!snap) return;
    const data = compatStatus(snap);
    const key = JSON.stringify(data);
    if (key === c.lastCompatStatus) return;
    c.lastCompatStatus = key;
    this.sendCompat(c, { type: 'status_update', data: data as unknown as Record<string, unknown> });
  }

  /** Sends unless the client is too far behind, in which case it is closed instead of buffered without bound. */
  private sendRaw(c: Client, text: string): void {
    if (c.closing || c.ws.readyState !== c.ws.OPEN) return;
    // The message counts before it is queued: a client still holding unsent data may not queue past the limit
    // (one message of any size may go to a drained client, or a big snapshot could never be sent at all).
    const buffered = c.ws.bufferedAmount;
    if (buffered > 0 && buffered + Buffer.byteLength(text) > this.deps.limits.maxBufferedBytes) {
      c.closing = true;
      this.slowClosed++;
      this.deps.log.warn('closing a slow API client (1013)');
      c.ws.close(CLOSE.tryLater, 'slow consumer');
      const t = setTimeout(() => c.ws.terminate(), SLOW_CLOSE_GRACE_MS);
      t.unref();
      c.ws.once('close', () => clearTimeout(t));
      return;
    }
    c.ws.send(text);
  }

  private heartbeat(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
      if (c.compat) this.sendCompat(c, { type: 'ping' });
      else this.sendNative(c, 'heartbeat', '*', {});
    }
  }
}

function wants(c: Client, e: WsEvent): boolean {
  return e.audience.some(a => c.subs.has(a));
}

/** ws hands a message over as one Buffer, a list of fragments or an ArrayBuffer. */
function rawDataText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
