import assert from 'node:assert/strict';
import { runFuzz } from '../../fuzz/lokiFuzz';

describe('fuzzing the .loki readers (fast, seeded; `npm run fuzz` runs the long one)', () => {
  it('keeps every invariant on torn, mistyped, huge, non-UTF-8, linked, FIFO and directory files', async function () {
    this.timeout(60_000);
    const r = await runFuzz({ seed: 15, tornEvery: 97, randomPerFile: 3, maxTornBytes: 6000 });
    const total = Object.values(r.cases).reduce((a, b) => a + b, 0);
    // The counts, so a CI log shows what was covered.
    process.stdout.write(`      fuzz seed ${r.seed}: ${r.files} files, ${total} cases, ${r.reported} reported, ${r.failures.length} failures\n`);
    assert.ok(r.files >= 15, 'every readable file kind of the fixture is fuzzed');
    assert.ok(total > 200);
    assert.deepEqual(r.failures, []);
  });
});
