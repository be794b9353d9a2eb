// The headless token store: a JSON file of hashed tokens, mode 0600 in a 0700 directory, shared by `serve` and `token`.
import { randomBytes } from 'node:crypto';
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../core/logger';
import { nullLogger } from '../core/logger';
import type { TokenRecord } from './tokens';
import { MemoryTokenStore, parseTokenRecords } from './tokens';

/** `$XDG_CONFIG_HOME/loki-dashboard/tokens.json`, or `~/.config/loki-dashboard/tokens.json` when XDG_CONFIG_HOME is unset. */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'loki-dashboard', 'tokens.json');
}

async function loadFile(file: string): Promise<TokenRecord[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = JSON.parse(text) as unknown;
  return parseTokenRecords(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { tokens?: unknown }).tokens : parsed);
}

/** Atomic write: temp file created 0600 next to the target, then rename; the mode is set again in case a umask or an older file widened it. */
async function saveFile(file: string, records: TokenRecord[]): Promise<void> {
  const dir = dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, JSON.stringify({ version: 1, tokens: records }, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Tokens in one JSON file. It watches the file's directory so a `token revoke` run from another process
 * takes effect on a running `serve` at once (its open WebSocket connections are closed).
 */
export class FileTokenStore extends MemoryTokenStore {
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(readonly file: string, private readonly log: Logger = nullLogger, now?: () => Date) {
    super({ load: () => loadFile(file), save: records => saveFile(file, records) }, now);
  }

  /** Starts following changes made by other processes; the store works without it (the CLI never calls it). */
  async watch(): Promise<void> {
    if (this.watcher) return;
    const dir = dirname(this.file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    this.watcher = watch(dir, (_event, name) => {
      if (name !== null && name !== basename(this.file)) return;
      // Coalesce the rename + change burst of one write into one reload.
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        this.reload().catch(err => this.log.warn(`cannot reload ${this.file}: ${(err as Error).message}`));
      }, 20);
    });
    this.watcher.on('error', err => this.log.warn(`token file watcher: ${err.message}`));
  }

  override dispose(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
    super.dispose();
  }
}

/** Opens the token file store and waits for its first read. */
export async function openFileTokenStore(file: string, log?: Logger): Promise<FileTokenStore> {
  const store = new FileTokenStore(file, log);
  await store.ready();
  return store;
}
