// The store contract on the PostgreSQL engine (the same suite runs on sql.js in test/unit/store/storeContract.test.ts).
// One real server for the file; each test gets its own database.
import { Client } from 'pg';
import { nullLogger } from '../../src/core/logger';
import { PgStore } from '../../src/core/store/pgStore';
import { storeContract } from '../store/storeContract';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

let pg: TestPostgres;
let n = 0;
let dbUrl = '';

const admin = async (sql: string): Promise<void> => {
  const c = new Client({ connectionString: pg.url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

before(async function () {
  this.timeout(120_000);
  pg = await startPostgres();
});
after(async () => { await pg?.stop(); });

storeContract({
  name: 'PostgreSQL',
  fresh: async () => {
    const name = `contract_${++n}`;
    await admin(`CREATE DATABASE ${name}`);
    dbUrl = pg.url.replace(/\/postgres$/, `/${name}`);
  },
  // A short batch delay, so racing flushes and timer-driven batches both happen within a test.
  open: ({ machine, now, logRetention }) => PgStore.open({ url: dbUrl, machine, log: nullLogger, now, logRetention, saveDelayMs: 5 }),
  cleanup: () => Promise.resolve(),
});
