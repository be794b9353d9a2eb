// Request checks shared by HTTP and WebSocket upgrades: bind address, Origin allowlist, token extraction.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). `0.0.0.0` and `::` are not loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1]!.startsWith('127.');
}

/** Lower-cases and drops a trailing slash so `http://localhost:3000/` and `http://LOCALHOST:3000` compare equal. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * Browsers always send `Origin` on cross-origin requests and WebSocket handshakes; tools (curl, ws in Node) do not.
 * So: no header passes (a token is still required), a present header must be on the allowlist.
 * This is the check whose absence made CVE-2025-52882 exploitable from any web page.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  return allowed.some(a => normalizeOrigin(a) === o);
}

/** The bearer token of a request: `Authorization: Bearer …`, or `?token=` when `allowQuery` (WebSocket upgrades from browsers). */
export function extractToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  if (allowQuery) {
    const q = url.searchParams.get('token');
    if (q) return q;
  }
  return undefined;
}

/** The Origin header, if any (a repeated header is treated as its first value). */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const o = req.headers.origin;
  return Array.isArray(o) ? (o[0] as string | undefined) : o;
}

/** The host name of a `Host` header value (port and IPv6 brackets removed, lower-cased); null when malformed. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (v6) return v6[1] ?? null;
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m?.[1] ? m[1].replace(/\.$/, '') : null;
}

/**
 * DNS-rebinding defence: a page on `evil.example` whose name is re-pointed at 127.0.0.1 reaches us with
 * `Host: evil.example`. IP literals, `localhost` (and `*.localhost`), the bind host and configured names pass;
 * a request without a Host header (HTTP/1.0 tools) passes too, since browsers always send one.
 */
export function hostAllowed(header: string | undefined, bindHost: string, allowed: readonly string[]): boolean {
  if (header === undefined) return true;
  const name = hostName(header);
  if (name === null) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === bindHost.trim().toLowerCase()) return true;
  return allowed.some(a => a.trim().toLowerCase().replace(/\.$/, '') === name);
}
