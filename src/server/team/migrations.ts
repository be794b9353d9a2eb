// Versioned schema of the team database. Each migration runs once, in order, in one transaction; concurrent
// processes starting together serialize on an advisory lock, so exactly one applies each version.
import type { PoolClient } from 'pg';

/** One schema step. Never edit a released one: add the next. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** All migrations, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
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
];

const LOCK_KEY = 0x6c6f6b69; // 'loki'

/** Brings the schema to the newest version; resolves to the versions it applied. */
export async function migrate(client: PoolClient): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS loki_schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM loki_schema_migrations')).rows.map(r => r.version));
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO loki_schema_migrations (version, description) VALUES ($1, $2)', [m.version, m.description]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
