import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nullLogger } from '../../../src/core/logger';
import { writerLockPath } from '../../../src/core/store/writerLock';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { StoreHarness } from '../../fakes/storeHarness';
import { makeTempDir } from '../../fakes/tempDir';
import { waitFor } from '../../fakes/waitFor';

const HOLDER = path.join(__dirname, 'helpers', 'storeHolder.ts');
const project = (id: string) => ({ id, name: id, path: `/projects/${id}`, registered: true, lastSeenAt: 1 });

describe('Store: one writer per file', function () {
  // Holder processes compile TypeScript through tsx on a shared 2-core machine.
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let stores: StoreHarness;
  let children: ChildProcessWithoutNullStreams[];
  beforeEach(() => { tmp = makeTempDir('loki-writer-'); stores = new StoreHarness(); children = []; });
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(c => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise(r => c.once('exit', r)))));
    await stores.closeAll();
    tmp.cleanup();
  });

  /** Starts a store in another process and waits until it saved its project. */
  async function holder(file: string, id: string): Promise<{ child: ChildProcessWithoutNullStreams; persistent: boolean }> {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, file, id]);
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const line = await waitFor(() => `holder ready (output: ${out})`, () => /ready (true|false)/.exec(out) ?? (child.exitCode !== null ? new Error(out) : null), 50_000);
    if (line instanceof Error) throw line;
    return { child, persistent: line[1] === 'true' };
  }

  it('never lets a second store erase what the first one saved (two stores racing on one file)', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const log = new RecordingLogger();
    const a = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000 });
    const b = await stores.openStore({ file, log, saveDelayMs: 10_000 });
    assert.equal(a.persistent, true);
    assert.equal(b.persistent, false, 'the second opener only reads');
    assert.ok(log.at('warn').some(m => m.includes('written by another process')));

    a.upsertProject(project('a-project'));
    await a.flush();
    b.upsertProject(project('b-project'));
    await b.close();
    await a.close();

    const again = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), ['a-project'], "A's project survives B's later close");
    assert.equal(again.persistent, true, 'the lock was released on close');
  });

  it('reads what another live process writes and never writes over it', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const other = await holder(file, 'held-by-child');
    assert.equal(other.persistent, true);

    const mine = await stores.openStore({ file, log: nullLogger, saveDelayMs: 1 });
    assert.equal(mine.persistent, false);
    assert.deepEqual(mine.listProjects().map(p => p.id), ['held-by-child']);
    mine.upsertProject(project('mine'));
    await mine.close();

    other.child.kill('SIGTERM');
    await new Promise(r => other.child.once('exit', r));
    assert.equal(other.child.exitCode, 0);
    const after = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(after.listProjects().map(p => p.id), ['held-by-child']);
  });

  it('takes over the file of a writer that crashed, and deletes the temp files it left', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    const crashed = await holder(file, 'before-crash');
    crashed.child.kill('SIGKILL');
    await new Promise(r => crashed.child.once('exit', r));
    assert.ok(existsSync(writerLockPath(file)), 'a crash leaves the lock behind');
    writeFileSync(`${file}.tmp.${crashed.child.pid ?? 1}`, 'half a save');
    writeFileSync(`${file}.tmp.4194999`, 'another one');

    const store = await stores.openStore({ file, log: nullLogger });
    assert.equal(store.persistent, true, 'the dead owner (a pid this test owned and reaped) is taken over');
    assert.deepEqual(store.listProjects().map(p => p.id), ['before-crash']);
    assert.deepEqual(readdirSync(tmp.dir).filter(n => n.includes('.tmp.')), []);
  });

  it('does not delete temp files while another process writes', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    await holder(file, 'writer');
    writeFileSync(`${file}.tmp.77`, 'the writer may be mid-save');
    const reader = await stores.openStore({ file, log: nullLogger });
    assert.equal(reader.persistent, false);
    assert.ok(existsSync(`${file}.tmp.77`));
  });

  it('close() writes the last change and dispose() shares the same promise', async () => {
    const file = path.join(tmp.dir, 'loki.sqlite');
    let saves = 0;
    const store = await stores.openStore({ file, log: nullLogger, saveDelayMs: 10_000, onSaved: () => { saves++; } });
    store.upsertProject(project('last-change'));
    store.dispose();
    const closing = store.close();
    assert.equal(store.close(), closing, 'one promise for every caller');
    await closing;
    assert.equal(saves, 1);
    assert.equal(existsSync(writerLockPath(file)), false, 'the lock is released once the save landed');
    const again = await stores.openStore({ file, log: nullLogger });
    assert.deepEqual(again.listProjects().map(p => p.id), ['last-change']);
  });
});
