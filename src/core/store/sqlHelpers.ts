import type { Database, SqlValue } from 'sql.js';

/** A row as column name -> value. */
export type Row = Record<string, SqlValue>;

/** Runs a query and returns every row as an object. */
export function queryAll(db: Database, sql: string, params: SqlValue[] = []): Row[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: Row[] = [];
    while (stmt.step()) rows.push(stmt.getAsObject());
    return rows;
  } finally {
    stmt.free();
  }
}

/** Runs one statement for each parameter list, reusing one prepared statement (bulk inserts). */
export function runMany(db: Database, sql: string, paramLists: Iterable<SqlValue[]>): void {
  const stmt = db.prepare(sql);
  try {
    for (const p of paramLists) stmt.run(p);
  } finally {
    stmt.free();
  }
}

/** Runs `fn` in one transaction (much faster for bulk writes, and all-or-nothing). */
export function inTransaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN');
  try {
    const r = fn();
    db.exec('COMMIT');
    return r;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** `value` as a string or null. */
export const str = (v: SqlValue | undefined): string | null => (typeof v === 'string' ? v : null);
/** `value` as a number or null. */
export const num = (v: SqlValue | undefined): number | null => (typeof v === 'number' ? v : null);

/** Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern that matches `text` anywhere. */
export function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, m => '\\' + m)}%`;
}

/** Parses a JSON column, null when it is not valid JSON (a hand-edited or half-migrated row). */
export function parseJson<T>(v: SqlValue | undefined): T | null {
  if (typeof v !== 'string') return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}
