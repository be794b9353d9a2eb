// The headless token store: a JSON file of hashed tokens, mode 0600 in a 0700 directory, shared by `serve` and `token`.
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../core/logger';
import { nullLogger } from '../core/logger';
import type { TokenInfo, TokenRecord } from './tokens';
import { MemoryTokenStore, parseTokenRecords } from './tokens';

/** `$XDG_CONFIG_HOME/loki-dashboard/tokens.json`, or `~/.config/loki-dashboard/tokens.json` when XDG_CONFIG_HOME is unset. */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'loki-dashboard', 'tokens.json');
}

/** Parses the token file's text; throws a message without the file's content when it is not valid JSON. */
function parseFile(file: string, text: string): TokenRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; no token is accepted until it is fixed or removed`);
  }
  return parseTokenRecords(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { tokens?: unknown }).tokens : parsed);
}

async function loadFile(file: string): Promise<TokenRecord[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseFile(file, text);
}

/** What tells one version of the token file from another without reading it. */
function fingerprint(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return 'missing';
  }
}

/** The token folder must be private: one others can write lets them swap the file. Tightened to 0700, with a warning. */
async function securePrivateDir(dir: string, log: Logger): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const st = await fs.stat(dir);
  if ((st.mode & 0o077) === 0) return;
  await fs.chmod(dir, 0o700).then(
    () => log.warn(`${dir} was accessible to other users (mode ${(st.mode & 0o777).toString(8)}); it is now 0700`),
    (err: Error) => log.warn(`${dir} is accessible to other users (mode ${(st.mode & 0o777).toString(8)}) and could not be made 0700: ${err.message}`),
  );
}

/** Atomic write: temp file created 0600 next to the target, then rename; the mode is set again in case a umask or an older file widened it. */
async function saveFile(file: string, records: TokenRecord[], log: Logger): Promise<void> {
  const dir = dirname(file);
  await securePrivateDir(dir, log);
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

  /** Fingerprint of the file version the records came from (shared with the load callback). */
  private readonly seen: { print: string };

  constructor(readonly file: string, private readonly log: Logger = nullLogger, now?: () => Date) {
    const seen = { print: '' };
    super({
      load: async () => {
        const print = fingerprint(file);
        const records = await loadFile(file);
        seen.print = print;
        return records;
      },
      save: records => saveFile(file, records, log),
    }, now);
    this.seen = seen;
  }

  /**
   * Checks the file before every verification (one stat): a `token revoke` in another process has returned only
   * after its rename, so the very next request already sees the new list. Unreadable or malformed → no token passes.
   */
  override verify(token: string): TokenInfo | undefined {
    const print = fingerprint(this.file);
    if (print !== this.seen.print) {
      this.seen.print = print;
      let records: TokenRecord[] = [];
      try {
        records = print === 'missing' ? [] : parseFile(this.file, readFileSync(this.file, 'utf8'));
      } catch (err) {
        this.log.warn(`cannot read ${this.file}: ${(err as Error).message}`);
      }
      this.replaceRecords(records);
    }
    return super.verify(token);
  }

  /** Starts following changes made by other processes; the store works without it (the CLI never calls it). */
  async watch(): Promise<void> {
    if (this.watcher) return;
    const dir = dirname(this.file);
    await securePrivateDir(dir, this.log);
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
