import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, promises as fs, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ControlError } from '../../../src/core/write/controlError';
import { QUEUE_FILES, addTask, moveTask } from '../../../src/core/write/queueWriter';
import { RUNNER_LIKE_WRITER } from '../../fuzz/runnerLikeWriter';
import { deadPid, tempProject } from './helpers';

const API_ADDS = 400;
const API_MOVES = 200;
const RUNNER_ADDS = 300;
const PLANTS = 40;

describe('concurrent writers (issue 15: no acknowledged task lost or duplicated)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  it('a runner-like writer process, API adds and moves and crashed lock holders lose and duplicate nothing', async function () {
    this.timeout(120_000);
    const dead = deadPid();
    const runner = spawn(process.execPath, ['-e', RUNNER_LIKE_WRITER, t.queue, String(RUNNER_ADDS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    runner.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    runner.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const runnerDone = new Promise<number | null>(resolve => runner.on('exit', code => resolve(code)));

    // A writer that "crashed" holding a lock: its lockdir with a dead owner, planted while the lock is free.
    let planted = 0;
    const plant = (): void => {
      for (const name of ['pending', 'in-progress', 'completed']) {
        try {
          const dir = path.join(t.queue, `.${name}.lock.lockdir`);
          mkdirSync(dir);
          writeFileSync(path.join(dir, 'owner.pid'), `${dead}\n`);
          planted++;
          return;
        } catch {
          // held right now by a live writer: try the next one
        }
      }
    };

    const acked: string[] = [];
    let moves = 0;
    let next = 0;
    // A writer starved past the lock timeout is refused ("locked", HTTP 409): not acknowledged, so not counted; what
    // counts is that nothing acknowledged is lost or doubled and nothing refused was written.
    let refused = 0;
    const unlessLocked = async <T>(op: () => Promise<T>): Promise<{ value: T } | null> => {
      try {
        return { value: await op() };
      } catch (err) {
        if (!(ControlError.is(err) && err.reason === 'locked')) throw err;
        refused++;
        return null;
      }
    };
    const worker = async (): Promise<void> => {
      while (next < API_ADDS) {
        const i = next++;
        const added = await unlessLocked(() => addTask(t.loki, { title: `api ${i}`, description: '', priority: 'medium' }));
        if (!added) continue;
        const id = added.value;
        acked.push(id);
        if (i % 10 === 0 && planted < PLANTS) plant();
        if (i % 2 === 0 && moves < API_MOVES) {
          if (await unlessLocked(() => moveTask(t.loki, id, moves % 2 ? 'in_progress' : 'completed'))) moves++;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, () => worker()));
    assert.equal(await runnerDone, 0, err);

    const runnerAcked = out.split('\n').filter(l => l.startsWith('ack ')).map(l => l.slice(4));
    const runnerMoves = out.split('\n').filter(l => l.startsWith('moved ')).length;
    const counts = new Map<string, number>();
    for (const name of QUEUE_FILES) {
      const text = await fs.readFile(path.join(t.queue, name), 'utf8').catch(() => '[]');
      for (const rec of JSON.parse(text) as Array<{ id: string }>) counts.set(rec.id, (counts.get(rec.id) ?? 0) + 1);
    }
    const all = [...acked, ...runnerAcked];
    const lost = all.filter(id => !counts.has(id));
    const duplicated = all.filter(id => (counts.get(id) ?? 0) > 1);
    const unacknowledged = [...counts.keys()].filter(id => !all.includes(id));
    const ops = acked.length + moves + runnerAcked.length + runnerMoves + planted;
    process.stdout.write(`      concurrency: ${ops} operations (api adds ${acked.length}, api moves ${moves}, runner adds ${runnerAcked.length}, `
      + `runner moves ${runnerMoves}, crashed holders ${planted}); acknowledged ${all.length}, lost ${lost.length}, duplicated ${duplicated.length}, `
      + `refused (locked) ${refused}\n`);
    assert.ok(ops + refused >= 1000);
    assert.deepEqual(lost, []);
    assert.deepEqual(duplicated, []);
    assert.deepEqual(unacknowledged, [], 'nothing refused was written');
    const leftovers = (await fs.readdir(t.queue)).filter(n => n.endsWith('.lockdir'));
    assert.ok(leftovers.every(n => n.startsWith('.')) && leftovers.length <= 1, `at most the last planted lock is left: ${leftovers.join(', ')}`);
  });
});
