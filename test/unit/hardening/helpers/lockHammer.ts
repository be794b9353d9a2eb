// One of several processes hammering one mkdir lock (run by lockBreakRace.test.ts through tsx): `count` times it
// takes the lock, proves it is alone inside (an O_EXCL marker), bumps a counter file and releases; every third
// time it then "crashes holding the lock" by planting a lock owned by a dead pid, so breakers race all the time.
import { mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireMkdirLock, lockDirFor } from '../../../../src/core/write/mkdirLock';

const target = process.argv[2] ?? '';
const [count, dead] = [Number(process.argv[3]), Number(process.argv[4])];
const counter = `${target}.count`;
const inside = `${target}.inside`;

async function main(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const lock = await acquireMkdirLock(target, { timeoutMs: 60_000 });
    try {
      mkdirSync(inside);
    } catch {
      process.stdout.write('two holders\n');
    }
    let n = 0;
    try { n = Number(readFileSync(counter, 'utf8')) || 0; } catch { /* first bump */ }
    const tmp = `${counter}.tmp.${process.pid}`;
    writeFileSync(tmp, String(n + 1));
    renameSync(tmp, counter);
    rmdirSync(inside);
    await lock.release();
    if (i % 3 === 0) {
      try {
        mkdirSync(lockDirFor(target));
        writeFileSync(path.join(lockDirFor(target), 'owner.pid'), `${dead}\n`);
      } catch { /* held by a live writer right now */ }
    }
  }
}

main().then(() => process.stdout.write('done\n'), (err: unknown) => { process.stderr.write(`${String(err)}\n`); process.exit(2); });
