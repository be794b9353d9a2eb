// The optional external API: one node:http server with the `ws` WebSocket server on the same port.
// Safe by default: loopback bind, a token on every route but /health, Origin allowlist, size and rate limits.
import { STATUS_CODES, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Disposable } from '../core/disposable';
import { DisposableStore } from '../core/disposable';
import { appRoutes } from './appRoutes';
import { AttentionMonitor } from '../core/attention/attentionMonitor';
import { DEFAULT_ATTENTION_CONFIG } from '../core/attention/attentionConfig';
import { attentionRoutes } from './attentionRoutes';
import { checkpointRoutes } from './checkpointRoutes';
import { controlRoutes } from './controlRoutes';
import { tokenRoutes } from './tokenRoutes';
import { ApiError, readJsonBody, sendError, sendJson, sendText } from './httpUtil';
import { openApiDocument } from './openapi';
import { LogStreams } from './logStreams';
import { insightsRoutes } from './insightsRoutes';
import { readRoutes } from './readRoutes';
import { seedReadRoutes } from './seedReadRoutes';
import { seedWriteRoutes } from './seedWriteRoutes';
import type { RouteDef } from './router';
import { matchRoute } from './router';
import { extractToken, hostAllowed, isLoopbackHost, originAllowed, requestOrigin } from './security';
import { scopeAllows } from './tokens';
import type { TokenInfo } from './tokens';
import { PACKAGE_VERSION } from './version';
import type { ApiServerOptions, ServerLimits } from './types';
import { DEFAULT_LIMITS, DEFAULT_SERVER_PORT } from './types';
import type { HubStats } from './wsHub';
import { WsHub } from './wsHub';
import { errorMessage, toError } from '../core/errors';

/** Why the server did not start. */
export class ApiServerError extends Error {
  constructor(readonly reason: 'insecure-bind' | 'address-in-use' | 'listen', message: string) {
    super(message);
  }
  static is(e: unknown): e is ApiServerError {
    return e instanceof ApiServerError;
  }
}

/** The WebSocket path. */
export const WS_PATH = '/ws';

/** Host part of a URL clients can use: wildcard binds are reached through loopback; IPv6 gets brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** The route table of a server built from `opts` (exported for the OpenAPI test). */
export function buildRoutes(opts: Pick<ApiServerOptions, 'source' | 'control' | 'attention' | 'checkpoints' | 'apps' | 'seed'>, extra: { version: string; startedAt: number; now: () => number; connections: () => number; streams?: LogStreams }): RouteDef[] {
  return [
    ...readRoutes({ source: opts.source, apps: opts.apps, ...extra, openapi: () => openApiDocument(extra.version) }),
    ...appRoutes(opts.source, opts.apps),
    ...seedReadRoutes(opts.source, opts.apps, extra.streams),
    ...seedWriteRoutes(opts.source, opts.seed, opts.control),
    ...attentionRoutes(opts.source, () => opts.attention?.items() ?? []),
    ...insightsRoutes(opts.source, extra.version),
    ...controlRoutes(opts.source, opts.control),
    ...tokenRoutes(opts.control),
    ...checkpointRoutes(opts.source, opts.checkpoints),
  ];
}

/** A running API server. Create with `ApiServer.start`. */
export class ApiServer implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly limits: ServerLimits;
  private readonly routes: RouteDef[];
  private readonly hub: WsHub;
  private readonly wss: WebSocketServer;
  private readonly http: Server;
  private readonly allowed: readonly string[];
  private pendingUpgrades = 0;
  private lastAttentionProjects = new Set<string>();
  private closed: Promise<void> | undefined;
  /** `http://host:port` with the bound port. */
  url = '';
  /** The bound port. */
  port = 0;

  /** Starts listening. Refuses a non-loopback host while no token exists. */
  static async start(opts: ApiServerOptions): Promise<ApiServer> {
    await opts.tokens.ready();
    const host = opts.host ?? '127.0.0.1';
    if (!isLoopbackHost(host) && !opts.tokens.hasTokens()) {
      throw new ApiServerError('insecure-bind', `refusing to listen on ${host}: a non-loopback address needs at least one API token (create one first)`);
    }
    const server = new ApiServer(opts);
    await server.listen(host, opts.port ?? DEFAULT_SERVER_PORT);
    return server;
  }

  private constructor(private readonly opts: ApiServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.allowed = opts.allowedOrigins ?? [];
    const now = opts.now ?? Date.now;
    const version = opts.version ?? PACKAGE_VERSION;
    this.hub = this.disposables.add(new WsHub({ source: opts.source, limits: this.limits, log: opts.log, now }));
    const streams = this.disposables.add(new LogStreams(opts.source, { pingIntervalMs: this.limits.pingIntervalMs, maxStreams: this.limits.maxConnections }));
    const attention = opts.attention ?? this.disposables.add(new AttentionMonitor({ source: opts.source, config: DEFAULT_ATTENTION_CONFIG }));
    this.disposables.add(attention.onDidChange(c => {
      const ids = new Set([...this.lastAttentionProjects, ...c.items.map(i => i.projectId)]);
      this.lastAttentionProjects = new Set(c.items.map(i => i.projectId));
      this.hub.publishAttention(c.items, [...ids]);
    }));
    this.routes = buildRoutes({ ...opts, attention }, { version, startedAt: now(), now, connections: () => this.hub.stats().connections, streams });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxPayload, perMessageDeflate: false, clientTracking: false });
    this.http = createServer((req, res) => void this.onRequest(req, res));
    // Slow-loris guards: a request must arrive complete within these bounds.
    this.http.headersTimeout = 10_000;
    this.http.requestTimeout = 30_000;
    this.http.maxHeadersCount = 100;
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.http.on('clientError', (_err, socket: Duplex) => socket.destroy());
    this.disposables.add(opts.source.onChange(e => this.hub.publish(e)));
    this.disposables.add(opts.source.onProjectsChanged(ps => this.hub.projectsChanged(ps.map(p => p.id))));
    const appsSub = opts.apps?.onDidChange?.(apps => this.hub.publishApps(apps));
    if (appsSub) this.disposables.add(appsSub);
    // Revocation takes effect at once: HTTP checks the list on every request, open sockets are re-checked here.
    this.disposables.add(opts.tokens.onDidChange(() => {
      const ids = new Set(opts.tokens.list().map(t => t.id));
      this.hub.revalidate(id => ids.has(id));
    }));
  }

  /** Connection counters. */
  stats(): HubStats {
    return this.hub.stats();
  }

  /** `ws://host:port/ws`. */
  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws') + WS_PATH;
  }

  /** Stops accepting, closes every connection and resolves when the port is free. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>(resolve => {
      this.disposables.dispose();
      this.wss.close();
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
    return this.closed;
  }

  dispose(): void {
    void this.close();
  }

  private listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.disposables.dispose();
        reject(err.code === 'EADDRINUSE'
          ? new ApiServerError('address-in-use', `port ${port} on ${host} is already in use`)
          : new ApiServerError('listen', `cannot listen on ${host}:${port}: ${err.message}`));
      };
      this.http.once('error', onError);
      this.http.listen(port, host, () => {
        this.http.off('error', onError);
        this.http.on('error', err => this.opts.log.error(err));
        this.port = (this.http.address() as AddressInfo).port;
        this.url = `http://${urlHost(host)}:${this.port}`;
        resolve();
      });
    });
  }

  private authenticate(req: IncomingMessage, url: URL, allowQuery: boolean): TokenInfo {
    const token = extractToken(req, url, allowQuery);
    if (token === undefined) throw new ApiError(401, 'unauthorized', 'Authentication required: send Authorization: Bearer <token>');
    const info = this.opts.tokens.verify(token);
    if (!info) throw new ApiError(401, 'unauthorized', 'Invalid or revoked token');
    return info;
  }

  private corsHeaders(origin: string | undefined): Record<string, string> {
    return origin === undefined ? {} : { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }

  private hostOk(req: IncomingMessage): boolean {
    return hostAllowed(req.headers.host, this.opts.host ?? '127.0.0.1', this.opts.allowedHosts ?? []);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.hostOk(req)) return sendError(res, 421, 'host_not_allowed', 'this Host name is not served here (add it with --allowed-host)');
    const origin = requestOrigin(req);
    if (!originAllowed(origin, this.allowed)) return sendError(res, 403, 'origin_not_allowed', `Origin ${origin} is not allowed`);
    const cors = this.corsHeaders(origin);
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'OPTIONS') {
        // Preflights never carry credentials, so they are answered before authentication (and reveal nothing).
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE', 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '600' });
        res.end();
        return;
      }
      const { match, allowed } = matchRoute(this.routes, req.method ?? 'GET', url.pathname);
      const token = match?.route.scope === 'public' ? null : this.authenticate(req, url, false);
      if (!match) {
        if (allowed.length) throw new ApiError(405, 'method_not_allowed', `use ${allowed.join(' or ')}`);
        throw new ApiError(404, 'not_found', `no route ${url.pathname}`);
      }
      const scope = match.route.scope;
      if (scope !== 'public' && token && !scopeAllows(token.scope, scope)) {
        throw new ApiError(403, 'insufficient_scope', `Insufficient permissions. Required scope: ${scope}`);
      }
      const body = req.method === 'POST' || req.method === 'PUT' ? await readJsonBody(req, this.limits.maxBodyBytes) : {};
      const result = await match.route.handler({ params: match.params, query: url.searchParams, body, token });
      if (result.stream) return result.stream(res, cors);
      if (result.raw) sendText(res, result.status, result.raw.text, result.raw.contentType, { ...cors, ...result.raw.headers });
      else sendJson(res, result.status, result.body, cors);
    } catch (err) {
      if (ApiError.is(err)) {
        const extra: Record<string, string> = err.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
        if (err.status === 413) extra.Connection = 'close';
        sendError(res, err.status, err.code, err.message, { ...cors, ...extra });
      } else {
        this.opts.log.error(toError(err));
        sendError(res, 500, 'internal', 'internal error', cors);
      }
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const reject = (status: number, code: string, message: string): void => {
      const text = JSON.stringify({ error: { code, message } });
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      (socket as Socket).destroySoon?.();
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return reject(400, 'bad_request', 'malformed URL');
    }
    if (!this.hostOk(req)) return reject(421, 'host_not_allowed', 'this Host name is not served here (add it with --allowed-host)');
    const origin = requestOrigin(req);
    // The Origin check happens before the handshake completes: a page on a foreign site never gets a socket.
    if (!originAllowed(origin, this.allowed)) return reject(403, 'origin_not_allowed', `Origin ${origin} is not allowed`);
    let token: TokenInfo;
    try {
      token = this.authenticate(req, url, true);
    } catch (err) {
      return reject(401, 'unauthorized', errorMessage(err));
    }
    if (url.pathname !== WS_PATH) return reject(404, 'not_found', `WebSocket endpoint is ${WS_PATH}`);
    const compatParam = url.searchParams.get('compat');
    if (compatParam !== null && compatParam !== 'loki') return reject(400, 'bad_request', 'compat must be "loki"');
    if (this.hub.stats().connections + this.pendingUpgrades >= this.limits.maxConnections) {
      return reject(503, 'too_many_connections', `at most ${this.limits.maxConnections} connections`);
    }
    this.pendingUpgrades++;
    // `ws` never calls back on a failed handshake, so the socket's close also ends the pending count.
    let pending = true;
    const settle = (): void => { if (pending) { pending = false; this.pendingUpgrades--; } };
    socket.once('close', settle);
    this.wss.handleUpgrade(req, socket, head, ws => {
      settle();
      // The token may have been revoked while the handshake ran.
      if (!this.opts.tokens.list().some(t => t.id === token.id)) return ws.close(1008, 'token revoked');
      this.hub.attach(ws, token, { compat: compatParam === 'loki', project: url.searchParams.get('project') });
    });
  }
}
