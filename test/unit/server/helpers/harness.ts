// Starting a real server on 127.0.0.1:0 and talking to it with real HTTP and a real `ws` client.
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import { nullLogger } from '../../../../src/core/logger';
import { ApiServer } from '../../../../src/server/apiServer';
import { MemoryTokenStore } from '../../../../src/server/tokens';
import type { ApiServerOptions, ControlHandler, DataSource } from '../../../../src/server/types';

/** A started server with one read and one control token. */
export interface Running {
  server: ApiServer;
  tokens: MemoryTokenStore;
  read: string;
  readId: string;
  control: string;
  controlId: string;
}

/** Starts a server on an ephemeral loopback port. */
export async function startServer(source: DataSource, extra: Partial<ApiServerOptions> & { control?: ControlHandler } = {}): Promise<Running> {
  const tokens = new MemoryTokenStore();
  await tokens.ready();
  const r = await tokens.create('read', 'test reader');
  const c = await tokens.create('control', 'test controller');
  const server = await ApiServer.start({ source, tokens: tokens, log: nullLogger, host: '127.0.0.1', port: 0, ...extra });
  return { server, tokens, read: r.token, readId: r.info.id, control: c.token, controlId: c.info.id };
}

/** fetch with a bearer token. */
export function api(base: string, path: string, token?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  return fetch(base + path, { ...init, headers });
}

/** A WebSocket client that queues every message so tests can wait for one in order. */
export class Client {
  readonly messages: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', data => {
      this.messages.push(JSON.parse(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8')) as Record<string, unknown>);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise(resolve => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  /** Waits for the first not-yet-consumed message matching `pred` and consumes every message up to it. */
  async next(pred: (m: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    for (;;) {
      const i = this.messages.findIndex(pred);
      if (i >= 0) return this.messages.splice(0, i + 1)[i]!;
      await new Promise<void>(resolve => this.waiters.push(resolve));
    }
  }

  /** Waits for a message of a type. */
  nextOfType(type: string): Promise<Record<string, unknown>> {
    return this.next(m => m.type === type);
  }

  send(x: unknown): void {
    this.ws.send(JSON.stringify(x));
  }
}

/** Opens a WebSocket to the server and waits until it is open. */
export async function connect(server: ApiServer, token: string | null, query = '', opts: ClientOptions = {}): Promise<Client> {
  const sep = query ? '&' : '';
  const url = `${server.wsUrl}?${token ? `token=${encodeURIComponent(token)}` : ''}${token ? sep : ''}${query}`;
  const c = new Client(new WebSocket(url, opts));
  await c.opened;
  return c;
}

/** Attempts an upgrade that must fail and resolves to the HTTP status the server refused it with. */
export function refusedUpgrade(url: string, opts: ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => { ws.terminate(); reject(new Error('upgrade unexpectedly accepted')); });
    ws.on('error', () => undefined);
  });
}
