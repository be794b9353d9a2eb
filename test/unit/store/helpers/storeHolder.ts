// A second process that opens the store file, registers a project, saves and waits: `node --import tsx storeHolder.ts
// <file> <projectId>`. Prints "ready <persistent>" once saved; exits after closing the store on SIGTERM.
import { nullLogger } from '../../../../src/core/logger';
import { Store } from '../../../../src/core/store/store';

const [file, id] = process.argv.slice(2);
if (!file || !id) throw new Error('usage: storeHolder <file> <projectId>');

void (async () => {
  const store = await Store.open({ file, log: nullLogger, saveDelayMs: 10_000 });
  store.upsertProject({ id, name: id, path: `/projects/${id}`, registered: true, lastSeenAt: 1 });
  await store.flush();
  // Stay alive until told to stop (the store keeps no timer running once saved), like a window that stays open.
  const alive = setInterval(() => undefined, 60_000);
  // The handler goes in before "ready": the test may send SIGTERM the moment it reads that line.
  process.once('SIGTERM', () => { clearInterval(alive); void store.close().then(() => process.exit(0)); });
  process.stdout.write(`ready ${String(store.persistent)}\n`);
})();
