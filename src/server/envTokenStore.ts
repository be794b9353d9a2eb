// LOKI_DASHBOARD_TOKEN: a token handed to a headless `serve` through the environment (CI, containers), kept in memory only.
import { timingSafeEqual } from 'node:crypto';
import type { Disposable } from '../core/disposable';
import type { CreatedToken, TokenInfo, TokenScope, TokenStore } from './tokens';
import { TOKEN_PATTERN, hashToken } from './tokens';

/** The environment variable `serve` reads. */
export const ENV_TOKEN = 'LOKI_DASHBOARD_TOKEN';

/** Why the environment token was refused. */
export function envTokenProblem(token: string): string | null {
  return TOKEN_PATTERN.test(token) ? null : `${ENV_TOKEN} must look like loki_ followed by 43 base64url characters (create one with \`loki-dashboard token create\` or \`node -e "console.log('loki_'+require('crypto').randomBytes(32).toString('base64url'))"\`)`;
}

/** Wraps a store and also accepts one token from the environment, with scope `control`; it is listed as id `env`. */
export class EnvTokenStore implements TokenStore {
  private readonly hash: Buffer;
  private readonly envInfo: TokenInfo = { id: 'env', name: ENV_TOKEN, scope: 'control', createdAt: '' };

  constructor(private readonly inner: TokenStore, token: string) {
    this.hash = Buffer.from(hashToken(token), 'hex');
  }

  readonly onDidChange = (listener: () => void): Disposable => this.inner.onDidChange(listener);
  ready(): Promise<void> { return this.inner.ready(); }
  hasTokens(): boolean { return true; }
  list(): TokenInfo[] { return [this.envInfo, ...this.inner.list()]; }
  create(scope: TokenScope, name?: string, expiresAt?: string): Promise<CreatedToken> { return this.inner.create(scope, name, expiresAt); }
  revoke(id: string): Promise<boolean> { return this.inner.revoke(id); }

  verify(token: string): TokenInfo | undefined {
    const fromInner = this.inner.verify(token);
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return fromInner;
    const probe = Buffer.from(hashToken(token), 'hex');
    return timingSafeEqual(probe, this.hash) ? this.envInfo : fromInner;
  }

  dispose(): void {
    this.inner.dispose();
  }
}
