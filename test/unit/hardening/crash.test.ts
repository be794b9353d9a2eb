import assert from 'node:assert/strict';
import { runCrashRounds } from '../../fuzz/crashServe';

describe('kill -9 of serve during writes (fast variant; `npm run fuzz` kills it 50 times)', () => {
  it('leaves every file readable, loses no acknowledged task and never blocks the next write', async function () {
    this.timeout(120_000);
    const r = await runCrashRounds({ rounds: 3, seed: 15 });
    process.stdout.write(`      crash: ${r.kills} kills, ${r.acknowledged} acknowledged, lost ${r.lost}, duplicated ${r.duplicated}, `
      + `unreadable ${r.unreadableFiles}, blocked next writes ${r.blockedNextWrites}, leftovers ${r.leftovers}\n`);
    assert.equal(r.kills, 3);
    assert.ok(r.acknowledged >= 3 * 3);
    assert.deepEqual([r.lost, r.duplicated, r.unreadableFiles, r.blockedNextWrites, r.leftovers], [0, 0, 0, 0, 0]);
  });
});
