// API tokens: generated once, kept only as SHA-256 hashes, compared in constant time, revocable at once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Disposable } from '../core/disposable';
import { Emitter } from '../core/disposable';

/** What a token may do. `control` includes everything `read` may do. */
export type TokenScope = 'read' | 'control';

/** True when `x` is a token scope. */
export function isTokenScope(x: unknown): x is TokenScope {
  return x === 'read' || x === 'control';
}

/** True when a token of scope `have` satisfies a route that needs `need`. */
export function scopeAllows(have: TokenScope, need: TokenScope): boolean {
  return need === 'read' || have === 'control';
}

/** A token as stored: never the token itself, only its hash. */
export interface TokenRecord {
  id: string;
  name: string;
  scope: TokenScope;
  /** Hex SHA-256 of the whole token string. */
  hash: string;
  /** ISO time of creation. */
  createdAt: string;
}

/** What callers may see about a token (everything but the hash). */
export type TokenInfo = Omit<TokenRecord, 'hash'>;

/** A freshly created token: `token` is shown once and never stored. */
export interface CreatedToken {
  token: string;
  info: TokenInfo;
}

/** Where the server checks tokens and where the UI and CLI manage them. */
export interface TokenStore extends Disposable {
  /** Resolves once the stored list has been read. */
  ready(): Promise<void>;
  /** The token's record when `token` is valid and not revoked; synchronous so every request checks the current list. */
  verify(token: string): TokenInfo | undefined;
  /** Whether at least one token exists (a non-loopback bind needs one). */
  hasTokens(): boolean;
  list(): TokenInfo[];
  create(scope: TokenScope, name?: string): Promise<CreatedToken>;
  /** Resolves to false when no token has that id. */
  revoke(id: string): Promise<boolean>;
  /** Fires after the list changed (created, revoked, or reloaded from its backing storage). */
  readonly onDidChange: (listener: () => void) => Disposable;
}

const TOKEN_PREFIX = 'loki_';
/** `loki_` followed by the base64url form of 32 random bytes (43 characters). */
export const TOKEN_PATTERN = /^loki_[A-Za-z0-9_-]{43}$/;

/** A new random token string. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Hex SHA-256 of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Checks the shape of records read from storage; anything malformed is dropped rather than trusted. */
export function parseTokenRecords(x: unknown): TokenRecord[] {
  if (!Array.isArray(x)) return [];
  const out: TokenRecord[] = [];
  for (const r of x as unknown[]) {
    if (typeof r !== 'object' || r === null) continue;
    const o = r as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.hash === 'string' && /^[0-9a-f]{64}$/.test(o.hash) && isTokenScope(o.scope)) {
      out.push({ id: o.id, name: typeof o.name === 'string' ? o.name : '', scope: o.scope, hash: o.hash, createdAt: typeof o.createdAt === 'string' ? o.createdAt : '' });
    }
  }
  return out;
}

const info = (r: TokenRecord): TokenInfo => ({ id: r.id, name: r.name, scope: r.scope, createdAt: r.createdAt });

/** Persistence callbacks of a MemoryTokenStore (the extension wires them to SecretStorage). */
export interface TokenPersistence {
  load(): Promise<TokenRecord[]>;
  save(records: TokenRecord[]): Promise<void>;
}

/** Persistence that lives as long as the process (tests, throwaway servers). */
export function volatilePersistence(): TokenPersistence {
  let kept: TokenRecord[] = [];
  return { load: () => Promise.resolve(kept), save: records => { kept = records; return Promise.resolve(); } };
}

/** A token store that keeps the list in memory and persists it through injected callbacks. */
export class MemoryTokenStore implements TokenStore {
  private records: TokenRecord[] = [];
  private loaded: Promise<void>;
  private readonly changed = new Emitter<void>();
  /** Serialises writes so two quick creates cannot drop each other. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly onDidChange = this.changed.event;

  constructor(private readonly persistence: TokenPersistence = volatilePersistence(), private readonly now: () => Date = () => new Date()) {
    this.loaded = this.reload();
    // ready() reports a failed load; this branch only keeps it from being an unhandled rejection meanwhile.
    this.loaded.catch(() => undefined);
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  /** Re-reads the backing storage (another window or process may have changed it) and fires onDidChange. */
  async reload(): Promise<void> {
    try {
      this.records = parseTokenRecords(await this.persistence.load());
    } catch (err) {
      // Fail closed: storage that cannot be read must not leave the tokens it used to hold valid.
      this.records = [];
      this.changed.fire();
      throw err;
    }
    this.changed.fire();
  }

  /** Replaces the list with one read by a subclass (synchronously, see FileTokenStore) and fires onDidChange. */
  protected replaceRecords(records: TokenRecord[]): void {
    this.records = records;
    this.changed.fire();
  }

  verify(token: string): TokenInfo | undefined {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return undefined;
    const probe = Buffer.from(hashToken(token), 'hex');
    let found: TokenRecord | undefined;
    // Compare against every record (no early exit) so timing says nothing about which or how many records exist.
    for (const r of this.records) {
      const stored = Buffer.from(r.hash, 'hex');
      if (stored.length === probe.length && timingSafeEqual(stored, probe)) found = r;
    }
    return found ? info(found) : undefined;
  }

  hasTokens(): boolean {
    return this.records.length > 0;
  }

  list(): TokenInfo[] {
    return this.records.map(info);
  }

  async create(scope: TokenScope, name = ''): Promise<CreatedToken> {
    if (!isTokenScope(scope)) throw new Error(`invalid scope: ${String(scope)}`);
    const token = generateToken();
    const record: TokenRecord = { id: randomBytes(6).toString('hex'), name: name.slice(0, 200), scope, hash: hashToken(token), createdAt: this.now().toISOString() };
    await this.mutate(list => [...list, record]);
    return { token, info: info(record) };
  }

  async revoke(id: string): Promise<boolean> {
    let hit = false;
    await this.mutate(list => {
      hit = list.some(r => r.id === id);
      return list.filter(r => r.id !== id);
    });
    return hit;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private mutate(fn: (list: TokenRecord[]) => TokenRecord[]): Promise<void> {
    const run = async (): Promise<void> => {
      await this.loaded;
      // Start from the stored list: another process may have changed it since we loaded.
      const next = fn(parseTokenRecords(await this.persistence.load()));
      await this.persistence.save(next);
      this.records = next;
      this.changed.fire();
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
