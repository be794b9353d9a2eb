// Versioned PostgreSQL migrations, shared by the store engine's tables and the team tables (each its own track).
// Each step runs once, in order, in one transaction; processes starting together serialize on an advisory lock, so
// exactly one applies each version.
import type { PoolClient } from 'pg';

/** One schema step. Never edit a released one: add the next. */
export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

/** A track of migrations: the table recording applied versions and the advisory lock key that serializes them. */
export interface PgMigrationTrack {
  table: string;
  lockKey: number;
  migrations: readonly PgMigration[];
}

/** Brings a track to its newest version; resolves to the versions it applied. */
export async function runPgMigrations(client: PoolClient, track: PgMigrationTrack): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [track.lockKey]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${track.table} (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>(`SELECT version FROM ${track.table}`)).rows.map(r => r.version));
    for (const m of track.migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${track.table} (version, description) VALUES ($1, $2)`, [m.version, m.description]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
