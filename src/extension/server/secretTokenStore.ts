// API tokens in VS Code SecretStorage: the JSON list of hashed records under one key, shared by every window.
import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { MemoryTokenStore } from '../../server/tokens';
import type { TokenRecord } from '../../server/tokens';

/** The SecretStorage key holding the token list (hashes only). */
export const TOKENS_SECRET_KEY = 'lokiDashboard.server.tokens';

/** A MemoryTokenStore persisted in SecretStorage; a revoke in another window reaches this one through onDidChange. */
export class SecretTokenStore extends MemoryTokenStore {
  private readonly sub: vscode.Disposable;

  constructor(secrets: vscode.SecretStorage, log: Logger) {
    super({
      load: async () => {
        const text = await secrets.get(TOKENS_SECRET_KEY);
        if (!text) return [];
        try {
          return JSON.parse(text) as TokenRecord[];
        } catch {
          log.warn('The stored API token list is not valid JSON; treating it as empty.');
          return [];
        }
      },
      save: records => Promise.resolve(secrets.store(TOKENS_SECRET_KEY, JSON.stringify(records))),
    });
    this.sub = secrets.onDidChange(e => {
      if (e.key === TOKENS_SECRET_KEY) this.reload().catch(err => log.warn(`Reloading API tokens failed: ${(err as Error).message}`));
    });
  }

  override dispose(): void {
    this.sub.dispose();
    super.dispose();
  }
}
