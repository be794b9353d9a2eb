import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { deadPid, tempProject } from './helpers';

const HAMMER = path.join(__dirname, 'helpers', 'lockHammer.ts');
const PROCESSES = 4;
const ROUNDS = 250;
const TRIALS = 2;

const children: ChildProcess[] = [];

/** Runs one hammer process to its end; resolves with its output, rejects with its errors. */
function hammer(target: string, dead: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', HAMMER, target, String(ROUNDS), String(dead)]);
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((resolve, reject) => child.on('exit', code => (code === 0 ? resolve(out) : reject(new Error(`hammer exited ${code}: ${err}`)))));
}

describe('breaking stale locks across processes (issue 15 #1: two breakers of one dead lock)', function () {
  // Four tsx processes on a shared 2-core machine.
  this.timeout(120_000);
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => {
    // A failed hammer fails the test at once; the others must be gone before their folder is removed.
    const running = children.splice(0).filter(c => c.exitCode === null && c.signalCode === null);
    await Promise.all(running.map(c => new Promise(r => { c.once('exit', r); c.kill('SIGKILL'); })));
    await t.cleanup();
  });

  it('never lets two writers hold the lock while processes race to break dead holders\' locks', async () => {
    const dead = deadPid();
    for (let trial = 0; trial < TRIALS; trial++) {
      const target = path.join(t.queue, `.trial${trial}.lock`);
      const outs = await Promise.all(Array.from({ length: PROCESSES }, () => hammer(target, dead)));
      const bumps = Number(await fs.readFile(`${target}.count`, 'utf8'));
      const doubles = outs.join('').split('\n').filter(l => l === 'two holders').length;
      process.stdout.write(`      lock break race, trial ${trial}: ${PROCESSES * ROUNDS} acquisitions, ${bumps} counted, ${doubles} with two holders\n`);
      assert.equal(doubles, 0, 'two holders at once');
      assert.equal(bumps, PROCESSES * ROUNDS, 'every bump under the lock is kept');
    }
  });
});
