// Versioned schema of the team database. Each migration runs once, in order, in one transaction; concurrent
// processes starting together serialize on an advisory lock, so exactly one applies each version.
import type { PoolClient } from 'pg';
import { runPgMigrations } from '../../core/store/pgMigrate';
import type { PgMigration } from '../../core/store/pgMigrate';

/** All migrations, oldest first. */
export const MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'publishers, projects (one row per machine and project), commands',
    sql: `
      CREATE TABLE loki_publishers (
        machine text PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE loki_projects (
        key text PRIMARY KEY,
        machine text NOT NULL,
        project_id text NOT NULL,
        name text NOT NULL,
        path text NOT NULL,
        app_id text,
        snapshot jsonb NOT NULL,
        version bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (machine, project_id)
      );
      CREATE TABLE loki_commands (
        id bigserial PRIMARY KEY,
        machine text NOT NULL,
        project_key text NOT NULL,
        action text NOT NULL,
        args jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      );
      CREATE INDEX loki_commands_pending ON loki_commands (machine) WHERE status = 'pending';
    `,
  },
  {
    version: 2,
    description: 'log lines (newest only, trimmed by the publisher) and session summaries of each published project',
    sql: `
      CREATE TABLE loki_team_logs (
        key text NOT NULL,
        seq bigint NOT NULL,
        at text,
        level text NOT NULL,
        source text NOT NULL,
        message text NOT NULL,
        PRIMARY KEY (key, seq)
      );
      CREATE TABLE loki_team_sessions (
        key text NOT NULL,
        id text NOT NULL,
        summary jsonb NOT NULL,
        ord bigserial NOT NULL,
        PRIMARY KEY (key, id)
      );
    `,
  },
  {
    version: 3,
    description: 'app graph of each published project (roots and member folders as its publisher discovered them)',
    sql: `
      ALTER TABLE loki_projects ADD COLUMN app_roots jsonb NOT NULL DEFAULT '[]'::jsonb;
      ALTER TABLE loki_projects ADD COLUMN app_members jsonb NOT NULL DEFAULT '[]'::jsonb;
    `,
  },
  {
    version: 4,
    description: 'log numbering of each published project (team seq = local seq + base), so a publisher whose store started over is still followed',
    sql: `
      CREATE TABLE loki_team_log_streams (
        key text PRIMARY KEY,
        base bigint NOT NULL,
        top bigint NOT NULL
      );
    `,
  },
  {
    version: 5,
    description: 'tasks of past sessions (one row per session, stamped with its summary) and the newest runner events of each published project',
    // json, not jsonb: exports render the records as their publisher's store holds them, key order included.
    sql: `
      CREATE TABLE loki_team_session_tasks (
        key text NOT NULL,
        session_id text NOT NULL,
        stamp text NOT NULL,
        tasks json NOT NULL,
        PRIMARY KEY (key, session_id)
      );
      CREATE TABLE loki_team_events (
        key text NOT NULL,
        n bigserial NOT NULL,
        at text,
        type text NOT NULL,
        source text,
        data json NOT NULL,
        PRIMARY KEY (key, n)
      );
    `,
  },
];

/** Brings the team schema to the newest version (serialized across processes); resolves to the versions applied. */
export function migrate(client: PoolClient): Promise<number[]> {
  return runPgMigrations(client, { table: 'loki_schema_migrations', lockKey: 0x6c6f6b69 /* 'loki' */, migrations: MIGRATIONS });
}
