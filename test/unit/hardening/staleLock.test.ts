import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ControlError } from '../../../src/core/write/control';
import { acquireMkdirLock, breakGuardFor } from '../../../src/core/write/mkdirLock';
import { isResidue } from '../../../src/core/residue';
import { addTask } from '../../../src/core/write/queueWriter';
import { removeWriteLeftovers } from '../../../src/core/write/leftovers';
import { deadPid, liveChild, plantLock, tempProject } from './helpers';

describe('stale queue locks (issue 15 #1)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  let child: ChildProcess | undefined;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await t.cleanup();
  });

  const lockDir = (): string => path.join(t.queue, '.pending.lock.lockdir');
  const pendingIds = async (): Promise<string[]> => (JSON.parse(await fs.readFile(path.join(t.queue, 'pending.json'), 'utf8')) as Array<{ id: string }>).map(x => x.id);

  it('loses no acknowledged task when 20 adds race to break one stale lock', async () => {
    for (let trial = 0; trial < 3; trial++) {
      await fs.rm(path.join(t.queue, 'pending.json'), { force: true });
      await plantLock(lockDir(), deadPid(), 60_000);
      const acked = await Promise.all(Array.from({ length: 20 }, (_, i) => addTask(t.loki, { title: `t${trial}-${i}`, description: '', priority: 'medium' })));
      const stored = await pendingIds();
      assert.deepEqual([...stored].sort(), [...acked].sort(), `trial ${trial}: every acknowledged id is stored exactly once`);
    }
  });

  it('breaks a lock whose owner is a dead process at once instead of waiting for it to age', async () => {
    await plantLock(lockDir(), deadPid());
    const lock = await acquireMkdirLock(path.join(t.queue, '.pending.lock'), { timeoutMs: 1000 });
    await lock.release();
  });

  it('never breaks a lock whose owner is alive, however old', async () => {
    child = liveChild();
    await plantLock(lockDir(), child.pid ?? 0, 120_000);
    await assert.rejects(acquireMkdirLock(path.join(t.queue, '.pending.lock'), { timeoutMs: 200 }), (e: unknown) => ControlError.is(e) && e.reason === 'locked');
  });

  it('breaks a lock without a sentinel once it is older than the sentinel grace', async () => {
    await plantLock(lockDir(), null, 5000);
    const lock = await acquireMkdirLock(path.join(t.queue, '.pending.lock'), { timeoutMs: 1000 });
    await lock.release();
  });

  it('leaves a dead holder\'s lock alone while another live process is breaking it (the break guard)', async () => {
    child = liveChild();
    await plantLock(lockDir(), deadPid());
    await plantLock(breakGuardFor(lockDir()), child.pid ?? 0);
    const before = (await fs.stat(lockDir())).ino;
    await assert.rejects(acquireMkdirLock(path.join(t.queue, '.pending.lock'), { timeoutMs: 300 }), (e: unknown) => ControlError.is(e) && e.reason === 'locked');
    assert.equal((await fs.stat(lockDir())).ino, before, 'only the guard holder may move the lock');
  });

  it('clears a break guard left by a breaker that died, then breaks the lock', async () => {
    await plantLock(lockDir(), deadPid());
    await plantLock(breakGuardFor(lockDir()), deadPid());
    const lock = await acquireMkdirLock(path.join(t.queue, '.pending.lock'), { timeoutMs: 2000 });
    await lock.release();
    assert.deepEqual((await fs.readdir(t.queue)).filter(n => n.includes('lock')), [], 'no lock, guard or grave left');
    assert.ok(isResidue(`queue/${path.basename(breakGuardFor(lockDir()))}/owner.pid`), 'readers and watchers ignore the guard');
  });

  it('removes temp files and lock graves left by dead writers, and keeps live ones', async () => {
    const dead = deadPid();
    await fs.writeFile(path.join(t.queue, `pending.json.tmp.${dead}.123`), '[');
    await fs.mkdir(path.join(t.queue, `.pending.lock.broken.${dead}.7.lockdir`));
    await fs.writeFile(path.join(t.queue, `pending.json.tmp.${process.pid}.5`), '[');
    assert.equal(await removeWriteLeftovers(t.queue), 2);
    assert.deepEqual((await fs.readdir(t.queue)).sort(), [`pending.json.tmp.${process.pid}.5`]);
  });
});
