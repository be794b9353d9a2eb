// `GET /api/token`: what the calling token may do here, so a client (the VS Code Team section) offers control
// actions only when the server would accept them.
import type { RouteDef } from './router';
import { scopeAllows } from './tokens';
import type { ControlHandler } from './types';

/** The route; `control` is the server's control handler (absent on read-only servers). */
export function tokenRoutes(control: ControlHandler | undefined): RouteDef[] {
  return [{
    method: 'GET', path: '/api/token', scope: 'read', summary: 'The calling token: its scope and whether this server accepts its control requests',
    handler: ctx => {
      const t = ctx.token;
      return {
        status: 200,
        body: { id: t?.id ?? null, name: t?.name ?? null, scope: t?.scope ?? null, expiresAt: t?.expiresAt ?? null, control: !!t && scopeAllows(t.scope, 'control') && control !== undefined },
      };
    },
  }];
}
