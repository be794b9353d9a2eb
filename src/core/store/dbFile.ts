import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import type { Logger } from '../logger';
import { migrate } from './schema';
import { errorMessage } from '../errors';

/** `<file>.bak`: the copy the previous save replaced. */
export const backupPath = (file: string): string => `${file}.bak`;

/** Result of opening the database file. */
export interface OpenedDatabase {
  db: Database;
  /** Where the data came from; anything but `main`/`new` means the file should be rewritten soon. */
  origin: 'main' | 'backup' | 'new' | 'empty-after-corruption';
}

async function readIfExists(file: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Opens bytes as a database and proves it is one (sql.js accepts any bytes until the first query). */
function tryOpen(SQL: SqlJsStatic, bytes: Uint8Array): { db: Database } | { error: string } {
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
    return { db };
  } catch (err) {
    db?.close();
    return { error: errorMessage(err) };
  }
}

async function moveAside(file: string, now: number, log: Logger, readOnly: boolean): Promise<void> {
  if (readOnly) return; // Only the writer renames files; a reader just starts from what it could read.
  const aside = `${file}.corrupt.${now}`;
  try {
    await fs.rename(file, aside);
    log.warn(`Store: kept the unreadable file as ${aside}`);
  } catch (err) {
    log.warn(`Store: could not move ${file} aside: ${errorMessage(err)}`);
  }
}

/**
 * Opens the store file: the main file, else its `.bak` (with a warning), else an empty database with the
 * corrupt files moved aside as `<file>.corrupt.<epoch>` (not by a `readOnly` opener, which never changes files).
 * A missing file is a new, empty store. Never throws for bad content; only a failing wasm module would.
 */
export async function openDatabaseFile(
  SQL: SqlJsStatic, file: string | null, log: Logger, now: () => number, opts: { readOnly: boolean } = { readOnly: false },
): Promise<OpenedDatabase> {
  const readOnly = opts.readOnly;
  const fresh = (): Database => {
    const db = new SQL.Database();
    migrate(db);
    return db;
  };
  if (file === null) return { db: fresh(), origin: 'new' };
  await fs.mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);

  let mainBytes: Uint8Array | null = null;
  let mainError: string | null = null;
  try {
    mainBytes = await readIfExists(file);
  } catch (err) {
    mainError = `cannot read: ${errorMessage(err)}`;
  }
  if (mainBytes && mainBytes.length > 0) {
    const r = tryOpen(SQL, mainBytes);
    if ('db' in r) return { db: r.db, origin: 'main' };
    mainError = r.error;
  } else if (mainBytes) {
    mainError = 'file is empty';
  }

  const bak = backupPath(file);
  let bakBytes: Uint8Array | null = null;
  try {
    bakBytes = await readIfExists(bak);
  } catch (err) {
    log.warn(`Store: cannot read ${bak}: ${errorMessage(err)}`);
  }
  if (mainBytes === null && mainError === null && bakBytes === null) return { db: fresh(), origin: 'new' };

  if (bakBytes && bakBytes.length > 0) {
    const r = tryOpen(SQL, bakBytes);
    if ('db' in r) {
      log.warn(`Store: ${file} is unusable (${mainError ?? 'missing'}); recovered the previous copy from ${bak}`);
      if (mainBytes) await moveAside(file, now(), log, readOnly);
      return { db: r.db, origin: 'backup' };
    }
    log.warn(`Store: backup ${bak} is unusable too (${r.error})`);
  }

  log.warn(`Store: ${file} is unusable (${mainError ?? 'missing'}) and no usable backup exists; starting with an empty store`);
  const stamp = now();
  if (mainBytes) await moveAside(file, stamp, log, readOnly);
  if (bakBytes) await moveAside(bak, stamp, log, readOnly);
  return { db: fresh(), origin: 'empty-after-corruption' };
}

const tempPrefix = (file: string): string => `${path.basename(file)}.tmp.`;

/**
 * Deletes `<file>.tmp.*` left by a writer that crashed mid-save (call only while holding the writer lock: then no
 * other process can be writing one). Failures are logged, never thrown.
 */
export async function removeLeftoverTemps(file: string, log: Logger): Promise<void> {
  const dir = path.dirname(file);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(n => n.startsWith(tempPrefix(file)))) {
    await fs.rm(path.join(dir, name), { force: true }).catch((err: Error) => log.warn(`Store: cannot remove ${name}: ${err.message}`));
  }
}

/**
 * Writes `bytes` to `file` atomically: a temp file is written and fsynced, the current file is kept as
 * `<file>.bak`, then the temp file is renamed over the main one. A crash at any point leaves a complete main
 * file or a complete backup.
 */
export async function writeDatabaseFile(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `${tempPrefix(file)}${process.pid}`);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  const bak = backupPath(file);
  try {
    await fs.rm(bak, { force: true });
    // A hard link keeps the old copy without copying bytes; some file systems refuse links.
    await fs.link(file, bak).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') await fs.copyFile(file, bak);
    });
  } catch {
    // No backup this time (e.g. the first save): the rename below still replaces the file atomically.
  }
  await fs.rename(tmp, file);
  await syncDir(path.dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable on POSIX; directories cannot be opened for sync on Windows, which is fine.
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Best effort only.
  }
}
