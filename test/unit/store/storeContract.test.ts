// The store contract on the sql.js engine (the same suite runs on PostgreSQL in test/pg/storeContract.test.ts).
import path from 'node:path';
import { nullLogger } from '../../../src/core/logger';
import { Store } from '../../../src/core/store/store';
import { makeTempDir } from '../../fakes/tempDir';
import { storeContract } from '../../store/storeContract';

let tmp: ReturnType<typeof makeTempDir> | undefined;

storeContract({
  name: 'sql.js',
  fresh: () => { tmp = makeTempDir('loki-contract-'); return Promise.resolve(); },
  // One file per machine: that is how separate machines keep separate sql.js stores.
  open: ({ machine, now, logRetention }) => Store.open({ file: path.join(tmp!.dir, `${machine}.sqlite`), log: nullLogger, now, logRetention }),
  cleanup: () => { tmp?.cleanup(); return Promise.resolve(); },
});
