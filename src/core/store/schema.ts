import type { Database } from 'sql.js';

/**
 * Ordered schema migrations. Entry `i` upgrades a database from `user_version = i` to `i + 1`.
 * Never edit a released entry: append a new one, so every older file upgrades the same way.
 */
export const MIGRATIONS: readonly string[] = [
  // v1: projects, sessions, tasks and logs (the first released layout).
  `
  CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    registered INTEGER NOT NULL DEFAULT 0,
    last_seen_at INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    status TEXT NOT NULL,
    phase TEXT,
    iteration INTEGER,
    provider TEXT,
    started_at TEXT,
    ended_at TEXT,
    cost_usd REAL,
    task_counts TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_project ON sessions(project_id, updated_at);
  CREATE TABLE tasks (
    project_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    status TEXT NOT NULL,
    json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, session_id, task_id)
  );
  CREATE TABLE logs (
    project_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    timestamp TEXT,
    level TEXT NOT NULL,
    source TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (project_id, seq)
  );
  `,
  // v2: history of task moves, agents, learnings and runner events.
  `
  CREATE TABLE task_moves (
    project_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    at INTEGER NOT NULL,
    by TEXT NOT NULL
  );
  CREATE INDEX task_moves_task ON task_moves(project_id, task_id, at);
  CREATE TABLE agents (
    project_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (project_id, session_id, id)
  );
  CREATE TABLE learnings (
    id TEXT PRIMARY KEY,
    project_id TEXT,
    project_name TEXT,
    category TEXT NOT NULL,
    text TEXT NOT NULL,
    timestamp TEXT,
    origin TEXT NOT NULL
  );
  CREATE INDEX learnings_project ON learnings(project_id);
  CREATE TABLE events (
    project_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    timestamp TEXT,
    type TEXT NOT NULL,
    source TEXT,
    data TEXT NOT NULL,
    PRIMARY KEY (project_id, seq)
  );
  `,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The database's `user_version` (0 for a fresh file). */
export function schemaVersion(db: Database): number {
  const v = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof v === 'number' ? v : 0;
}

/**
 * Applies the migrations the database lacks, each in its own transaction, up to `target` (tests stop early to
 * build old files). Returns the version reached. Throws when a migration fails (the transaction is rolled back).
 */
export function migrate(db: Database, target = SCHEMA_VERSION): number {
  let v = schemaVersion(db);
  while (v < target) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) break;
    db.exec('BEGIN');
    try {
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    v++;
  }
  return v;
}
