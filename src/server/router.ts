// A tiny route table: method + path template (`/api/sessions/{id}/pause`) + required scope + handler.
// The table is data so the OpenAPI test can compare it with the document.
import { ApiError } from './httpUtil';
import type { TokenInfo, TokenScope } from './tokens';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** What a handler receives. */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (POST/PUT); `{}` for GET. */
  body: unknown;
  /** The authenticated token; null only on public routes. */
  token: TokenInfo | null;
}

/** What a handler returns. */
export interface RouteResult {
  status: number;
  body: unknown;
  /** A non-JSON answer (exports): sent as is instead of `body`. */
  raw?: { text: string; contentType: string; headers?: Record<string, string> };
}

/** One route. `scope: 'public'` needs no token (only /health). */
export interface RouteDef {
  method: HttpMethod;
  path: string;
  scope: TokenScope | 'public';
  summary: string;
  handler(ctx: RouteContext): RouteResult | Promise<RouteResult>;
}

/** A matched route with its decoded path parameters. */
export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Finds the route for a method and path; `allowed` lists the methods of routes that match the path only (for 405). */
export function matchRoute(routes: readonly RouteDef[], method: string, pathname: string): { match?: RouteMatch; allowed: HttpMethod[] } {
  const parts = pathname.split('/');
  const allowed: HttpMethod[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, parts);
    if (!params) continue;
    if (route.method === method) return { match: { route, params }, allowed };
    allowed.push(route.method);
  }
  return { allowed };
}

function matchPath(template: string, parts: string[]): Record<string, string> | undefined {
  const tparts = template.split('/');
  if (tparts.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < tparts.length; i++) {
    const t = tparts[i]!;
    const p = parts[i]!;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (p === '') return undefined;
      let v: string;
      try {
        v = decodeURIComponent(p);
      } catch {
        throw new ApiError(400, 'bad_path', 'malformed percent-encoding in the path');
      }
      params[t.slice(1, -1)] = v;
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}
