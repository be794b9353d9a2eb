// Starts the extension's team publisher: a pg pool and a TeamPublisher. Its own module so the extension loads the
// PostgreSQL driver only when publishing is on (activation stays as cheap as before for everyone else).
import { Pool } from 'pg';
import type { Logger } from '../../core/logger';
import { TeamPublisher } from '../../server/team/teamPublisher';
import type { LocalSide, PublishPlan, Running } from './publisherRunner';

/** Opens a pool (the password passed apart from the URL) and starts a TeamPublisher on it. */
export async function startPublisher(plan: Extract<PublishPlan, { start: true }>, local: LocalSide, log: Logger): Promise<Running> {
  const pool = new Pool({ connectionString: plan.url, password: plan.password, max: 4 });
  pool.on('error', err => log.warn(`team: database connection lost: ${err.message}`));
  try {
    const publisher = await TeamPublisher.start({ pool, machine: plan.machine, log, ...local });
    return { close: async () => { await publisher.close(); await pool.end(); } };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

