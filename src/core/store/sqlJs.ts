import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

const loaded = new Map<string, Promise<SqlJsStatic>>();

/**
 * Where `sql-wasm.wasm` is: the explicit path, else next to the running bundle (`dist/sql-wasm.wasm` once
 * esbuild copied it there), else the copy inside `node_modules/sql.js` (tests, tsx).
 */
export function resolveWasmPath(explicit?: string): string {
  if (explicit) return explicit;
  const besideBundle = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(besideBundle)) return besideBundle;
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

/** Loads the sql.js module once per wasm file (the WASM instantiation costs tens of milliseconds). */
export function loadSqlJs(wasmPath?: string): Promise<SqlJsStatic> {
  const file = resolveWasmPath(wasmPath);
  let p = loaded.get(file);
  if (!p) {
    // Hand sql.js the bytes ourselves: its own locateFile/fetch logic guesses wrong inside a bundle.
    p = fs.readFile(file).then(bytes => initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }));
    p.catch(() => loaded.delete(file));
    loaded.set(file, p);
  }
  return p;
}
