// Versioned schema of the PostgreSQL store engine (its own track, beside the team tables). Every row carries the
// publishing machine, so two machines with the same local project id never overwrite each other.
import type { PoolClient } from 'pg';
import { runPgMigrations } from './pgMigrate';
import type { PgMigration } from './pgMigrate';

/** The store's migrations, oldest first. `ord` columns keep insertion order (what sql.js's rowid gives the sql.js engine). */
export const PG_STORE_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'store tables keyed by machine: projects, sessions, tasks, moves, agents, logs, learnings, events',
    sql: `
      CREATE TABLE loki_store_projects (
        machine text NOT NULL, id text NOT NULL, name text NOT NULL, path text NOT NULL,
        registered boolean NOT NULL DEFAULT false, last_seen_at bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (machine, id)
      );
      CREATE TABLE loki_store_sessions (
        machine text NOT NULL, id text NOT NULL, project_id text NOT NULL, status text NOT NULL,
        json text NOT NULL, task_counts text NOT NULL, updated_at bigint NOT NULL, ord bigserial NOT NULL,
        PRIMARY KEY (machine, id)
      );
      CREATE TABLE loki_store_tasks (
        machine text NOT NULL, project_id text NOT NULL, session_id text NOT NULL, task_id text NOT NULL,
        status text NOT NULL, json text NOT NULL, updated_at bigint NOT NULL, ord bigserial NOT NULL,
        PRIMARY KEY (machine, project_id, session_id, task_id)
      );
      CREATE TABLE loki_store_task_moves (
        ord bigserial PRIMARY KEY, machine text NOT NULL, project_id text NOT NULL, task_id text NOT NULL,
        from_status text, to_status text NOT NULL, at bigint NOT NULL, by text NOT NULL
      );
      CREATE INDEX loki_store_task_moves_machine ON loki_store_task_moves (machine);
      CREATE TABLE loki_store_agents (
        machine text NOT NULL, project_id text NOT NULL, session_id text NOT NULL, id text NOT NULL,
        json text NOT NULL, ord bigserial NOT NULL,
        PRIMARY KEY (machine, project_id, session_id, id)
      );
      CREATE TABLE loki_store_logs (
        machine text NOT NULL, project_id text NOT NULL, seq bigint NOT NULL, timestamp text, level text NOT NULL,
        source text NOT NULL, message text NOT NULL,
        PRIMARY KEY (machine, project_id, seq)
      );
      CREATE TABLE loki_store_learnings (
        machine text NOT NULL, id text NOT NULL, json text NOT NULL, ord bigserial NOT NULL,
        PRIMARY KEY (machine, id)
      );
      CREATE TABLE loki_store_events (
        ord bigserial PRIMARY KEY, machine text NOT NULL, project_id text NOT NULL, json text NOT NULL
      );
      CREATE INDEX loki_store_events_project ON loki_store_events (machine, project_id, ord);
    `,
  },
];

/** Brings the store schema to the newest version (serialized across processes); resolves to the versions applied. */
export function migratePgStore(client: PoolClient): Promise<number[]> {
  return runPgMigrations(client, { table: 'loki_store_migrations', lockKey: 0x6c6b7374 /* 'lkst' */, migrations: PG_STORE_MIGRATIONS });
}
