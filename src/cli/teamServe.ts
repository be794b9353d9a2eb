// Team mode of `serve`: `--db postgresql://…` publishes the watched projects, `--hub --db …` serves them all.
import os from 'node:os';
import { Pool } from 'pg';
import type { Logger } from '../core/logger';
import { PgStore } from '../core/store/pgStore';
import { Store } from '../core/store/store';
import type { StoreApi } from '../core/store/storeApi';
import type { AppSource, ControlHandler, DataSource } from '../server/types';
import { teamControl } from '../server/team/teamControl';
import { TeamHub } from '../server/team/teamHub';
import { checkMachineName } from '../server/team/teamKeys';
import { TeamPublisher } from '../server/team/teamPublisher';

/** Parsed team options, or an error message. */
export interface TeamOptions { db: string | null; hub: boolean; machine: string }

/** Reads `--db` (or LOKI_DATABASE_URL), `--hub` and `--machine` (default the host name). */
export function teamOptions(v: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): TeamOptions | string {
  const db = (v.db as string | undefined) ?? (env.LOKI_DATABASE_URL || null);
  if (db !== null && !/^postgres(ql)?:\/\//.test(db)) return '--db must be a postgresql:// URL';
  const hub = v.hub === true;
  if (hub && !db) return '--hub needs --db postgresql://… (or LOKI_DATABASE_URL)';
  const machine = (v.machine as string | undefined) ?? os.hostname();
  const bad = checkMachineName(machine);
  if (bad) return `--machine: ${bad}`;
  return { db, hub, machine };
}

/** A started team role and how to end it. */
export interface TeamRole {
  /** Hub only: what the API server serves. */
  hub?: { source: DataSource; apps: AppSource; control: ControlHandler };
  close(): Promise<void>;
}

/** Opens the pool and starts the hub, or the publisher over `local`. */
export async function startTeam(opts: TeamOptions, log: Logger, local?: { source: DataSource; apps: AppSource; control?: ControlHandler }): Promise<TeamRole> {
  const pool = new Pool({ connectionString: opts.db!, max: 6 });
  pool.on('error', err => log.warn(`team: database connection lost: ${err.message}`));
  try {
    if (opts.hub) {
      const hub = await TeamHub.start({ pool, log });
      return { hub: { source: hub, apps: hub, control: teamControl(hub) }, close: async () => { await hub.close(); await pool.end(); } };
    }
    const publisher = await TeamPublisher.start({ pool, machine: opts.machine, source: local!.source, apps: local!.apps, control: local!.control, log });
    return { close: async () => { await publisher.close(); await pool.end(); } };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

/** The store behind `serve`: a publisher (`--db` without `--hub`) keeps its history in PostgreSQL under its machine name, otherwise in memory. */
export async function openServeStore(opts: TeamOptions, log: Logger): Promise<StoreApi> {
  if (opts.db && !opts.hub) return PgStore.open({ url: opts.db, machine: opts.machine, log });
  return Store.open({ file: null, log });
}
