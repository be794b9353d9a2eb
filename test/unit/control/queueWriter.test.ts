import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ControlError } from '../../../src/core/write/control';
import { acquireMkdirLock } from '../../../src/core/write/mkdirLock';
import { addTask, moveTask } from '../../../src/core/write/queueWriter';

// A second writer speaking the runner's lock protocol (lib/lock.sh): mkdir `<target>.lockdir`, owner.pid sentinel,
// re-read, append, temp file + rename, release. Plain JS so it starts fast without tsx.
const RUNNER_WRITER = `
const fs = require('fs'); const path = require('path');
const [queueDir, count] = [process.argv[2], Number(process.argv[3])];
const file = path.join(queueDir, 'pending.json'); const lock = path.join(queueDir, '.pending.lock.lockdir');
const sleep = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
process.stdout.write('ready\\n');
for (let i = 0; i < count; i++) {
  while (true) { try { fs.mkdirSync(lock); break; } catch (e) { if (e.code !== 'EEXIST') throw e; sleep(2); } }
  fs.writeFileSync(path.join(lock, 'owner.pid'), process.pid + '\\n');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const v = text.trim() ? JSON.parse(text) : [];
  const tasks = Array.isArray(v) ? v : v.tasks;
  tasks.push({ id: 'runner-' + i, title: 'Runner task ' + i, status: 'pending', source: 'prd' });
  const tmp = file + '.tmp.' + process.pid;
  fs.writeFileSync(tmp, JSON.stringify(v, null, 2)); fs.renameSync(tmp, file);
  fs.rmSync(path.join(lock, 'owner.pid')); fs.rmdirSync(lock);
}
`;

async function tempLoki(): Promise<{ root: string; loki: string; queue: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-queue-'));
  const loki = path.join(root, '.loki');
  const queue = path.join(loki, 'queue');
  await fs.mkdir(queue, { recursive: true });
  return { root, loki, queue };
}

const readJson = async (file: string): Promise<unknown> => JSON.parse(await fs.readFile(file, 'utf8'));
const ids = (tasks: unknown): string[] => (tasks as Array<{ id: string }>).map(t => t.id);
const isReason = (reason: string) => (e: unknown): boolean => ControlError.is(e) && e.reason === reason;

describe('queue writer', () => {
  let root: string;
  let loki: string;
  let queue: string;
  beforeEach(async () => ({ root, loki, queue } = await tempLoki()));
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  describe('addTask', () => {
    it('creates a bare array when pending.json is missing, with a vscode record', async () => {
      const id = await addTask(loki, { title: '  Add dark mode ', description: 'Use CSS variables', priority: 'high' });
      assert.match(id, /^vscode-\d+-[0-9a-f]{4}$/);
      const data = (await readJson(path.join(queue, 'pending.json'))) as Array<Record<string, unknown>>;
      assert.ok(Array.isArray(data));
      assert.equal(data.length, 1);
      assert.deepEqual({ ...data[0], createdAt: 'x' }, {
        id, title: 'Add dark mode', description: 'Use CSS variables', priority: 'high', status: 'pending', source: 'vscode', createdAt: 'x',
      });
      assert.match(String(data[0]?.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it('treats an empty file as an empty list and keeps the {"tasks": [...]} wrapper with its other keys', async () => {
      await fs.writeFile(path.join(queue, 'pending.json'), '');
      await addTask(loki, { title: 'a', description: '', priority: 'low' });
      assert.equal(ids(await readJson(path.join(queue, 'pending.json'))).length, 1);
      await fs.writeFile(path.join(queue, 'pending.json'), JSON.stringify({ version: 2, tasks: [{ id: 'prd-001', title: 'Login' }] }));
      const id = await addTask(loki, { title: 'b', description: '', priority: 'medium', source: 'api' });
      const data = (await readJson(path.join(queue, 'pending.json'))) as { version: number; tasks: Array<{ id: string; source: string }> };
      assert.equal(data.version, 2);
      assert.deepEqual(ids(data.tasks), ['prd-001', id]);
      assert.equal(data.tasks[1]?.source, 'api');
    });

    it('refuses a malformed pending.json and leaves it byte for byte', async () => {
      const bad = '[{"id": "prd-001", "title": "half-writ';
      await fs.writeFile(path.join(queue, 'pending.json'), bad);
      await assert.rejects(addTask(loki, { title: 'x', description: '', priority: 'low' }), isReason('invalid'));
      assert.equal(await fs.readFile(path.join(queue, 'pending.json'), 'utf8'), bad);
      await fs.writeFile(path.join(queue, 'pending.json'), '{"tasks": 5}');
      await assert.rejects(addTask(loki, { title: 'x', description: '', priority: 'low' }), isReason('invalid'));
      await assert.rejects(addTask(loki, { title: ' ', description: '', priority: 'low' }), isReason('invalid'));
    });

    it('loses no task when another process appends under the same lock at the same time', async function () {
      this.timeout(60_000);
      await fs.writeFile(path.join(queue, 'pending.json'), '[]');
      const script = path.join(root, 'runner-writer.js');
      await fs.writeFile(script, RUNNER_WRITER);
      const N = 100;
      const child = spawn(process.execPath, [script, queue, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
      // Start our writes only once the other writer is in its loop, so the two really overlap.
      await new Promise<void>(resolve => child.stdout.once('data', () => resolve()));
      const mine: string[] = [];
      for (let i = 0; i < N; i++) mine.push(await addTask(loki, { title: `mine ${i}`, description: '', priority: 'medium' }));
      assert.equal(await exited, 0, stderr);
      const all = ids(await readJson(path.join(queue, 'pending.json')));
      assert.equal(all.length, 2 * N);
      for (const id of mine) assert.ok(all.includes(id), `missing ${id}`);
      for (let i = 0; i < N; i++) assert.ok(all.includes(`runner-${i}`), `missing runner-${i}`);
      assert.equal(new Set(all).size, all.length);
      await assert.rejects(fs.stat(path.join(queue, '.pending.lock.lockdir')), { code: 'ENOENT' });
    });

    it('waits for a held lock and gives up with reason locked', async () => {
      const lock = await acquireMkdirLock(path.join(queue, '.pending.lock'));
      const target = path.join(queue, 'pending.json');
      await assert.rejects(acquireMkdirLock(path.join(queue, '.pending.lock'), { timeoutMs: 200 }), isReason('locked'));
      await lock.release();
      await addTask(loki, { title: 'after release', description: '', priority: 'low' });
      assert.equal(ids(await readJson(target)).length, 1);
    });

    it('breaks a stale lock whose owner is gone', async () => {
      const dir = path.join(queue, '.pending.lock.lockdir');
      await fs.mkdir(dir);
      await fs.writeFile(path.join(dir, 'owner.pid'), '999999999\n');
      const old = new Date(Date.now() - 60_000);
      await fs.utimes(dir, old, old);
      await addTask(loki, { title: 'through a stale lock', description: '', priority: 'low' });
      assert.equal(ids(await readJson(path.join(queue, 'pending.json'))).length, 1);
    });
  });

  describe('moveTask', () => {
    it('moves a PRD story from a wrapper pending.json to completed.json, keeping shapes', async () => {
      await fs.writeFile(path.join(queue, 'pending.json'), JSON.stringify({ tasks: [{ id: 'prd-001', title: 'Login', status: 'pending' }, { id: 'prd-002', title: 'Logout' }] }));
      await fs.writeFile(path.join(queue, 'completed.json'), '[]');
      await moveTask(loki, 'prd-001', 'completed');
      assert.deepEqual(await readJson(path.join(queue, 'pending.json')), { tasks: [{ id: 'prd-002', title: 'Logout' }] });
      assert.deepEqual(await readJson(path.join(queue, 'completed.json')), [{ id: 'prd-001', title: 'Login', status: 'completed' }]);
      await moveTask(loki, 'prd-001', 'in_progress');
      assert.deepEqual(await readJson(path.join(queue, 'completed.json')), []);
      assert.deepEqual(await readJson(path.join(queue, 'in-progress.json')), [{ id: 'prd-001', title: 'Login', status: 'in_progress' }]);
    });

    it('moves a dead-letter record to pending and removes every duplicate copy', async () => {
      await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify([{ id: 't-9', title: 'Flaky', status: 'failed' }]));
      await fs.writeFile(path.join(queue, 'failed.json'), JSON.stringify([{ id: 't-9', title: 'Flaky', status: 'failed' }, { id: 'keep' }]));
      await moveTask(loki, 't-9', 'pending');
      assert.deepEqual(await readJson(path.join(queue, 'dead-letter.json')), []);
      assert.deepEqual(ids(await readJson(path.join(queue, 'failed.json'))), ['keep']);
      assert.deepEqual(await readJson(path.join(queue, 'pending.json')), [{ id: 't-9', title: 'Flaky', status: 'pending' }]);
    });

    it('reshapes the record as it lands in the target (Retry Task resets retries and the claim there)', async () => {
      await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify([{ id: 't-9', title: 'Flaky', status: 'failed', retries: 3, claimedBy: 'w1' }]));
      await moveTask(loki, 't-9', 'pending', { reshape: r => { const { claimedBy: _c, ...rest } = r; return { ...rest, retries: 0 }; } });
      assert.deepEqual(await readJson(path.join(queue, 'pending.json')), [{ id: 't-9', title: 'Flaky', status: 'pending', retries: 0 }]);
      assert.deepEqual(await readJson(path.join(queue, 'dead-letter.json')), []);
    });

    it('writes nothing when one of the files stays locked: the task stays where it was, never in two files', async () => {
      const dead = [{ id: 't-9', title: 'Flaky', status: 'failed' }];
      await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify(dead));
      const held = await acquireMkdirLock(path.join(queue, '.dead-letter.lock'));
      try {
        await assert.rejects(moveTask(loki, 't-9', 'pending', { lockTimeoutMs: 200 }), isReason('locked'));
      } finally {
        await held.release();
      }
      await assert.rejects(fs.stat(path.join(queue, 'pending.json')), { code: 'ENOENT' });
      assert.deepEqual(await readJson(path.join(queue, 'dead-letter.json')), dead);
      await assert.rejects(fs.stat(path.join(queue, '.pending.lock.lockdir')), { code: 'ENOENT' }, 'the lock taken first was released');
    });

    it('refuses runner-owned records: iteration cards and TodoWrite mirrors', async () => {
      await fs.writeFile(path.join(queue, 'in-progress.json'), JSON.stringify([
        { id: 'iteration-3', type: 'iteration', status: 'in_progress' },
        { id: 'todo-0', type: 'todo', source: 'claude_code_todowrite' },
      ]));
      const before = await fs.readFile(path.join(queue, 'in-progress.json'), 'utf8');
      await assert.rejects(moveTask(loki, 'iteration-3', 'completed'), isReason('read-only'));
      await assert.rejects(moveTask(loki, 'todo-0', 'pending'), isReason('read-only'));
      assert.equal(await fs.readFile(path.join(queue, 'in-progress.json'), 'utf8'), before);
    });

    it('reports not-found for an unknown id and refuses to write into a malformed target', async () => {
      await assert.rejects(moveTask(loki, 'nope', 'pending'), isReason('not-found'));
      await fs.writeFile(path.join(queue, 'pending.json'), '[{"id":"a"}]');
      await fs.writeFile(path.join(queue, 'review.json'), '{oops');
      await assert.rejects(moveTask(loki, 'a', 'review'), isReason('invalid'));
      assert.equal(await fs.readFile(path.join(queue, 'review.json'), 'utf8'), '{oops');
      assert.deepEqual(ids(await readJson(path.join(queue, 'pending.json'))), ['a']);
    });

    it('moves markdown tasks between queue folders and refuses failed for them', async () => {
      await fs.mkdir(path.join(queue, 'pending'), { recursive: true });
      await fs.writeFile(path.join(queue, 'pending', 'fix-header.md'), '# Fix header\n');
      await moveTask(loki, 'fix-header', 'in_progress');
      assert.equal(await fs.readFile(path.join(queue, 'active', 'fix-header.md'), 'utf8'), '# Fix header\n');
      await moveTask(loki, 'fix-header', 'completed');
      assert.ok((await fs.stat(path.join(queue, 'done', 'fix-header.md'))).isFile());
      await assert.rejects(moveTask(loki, 'fix-header', 'failed'), isReason('invalid'));
      assert.ok((await fs.stat(path.join(queue, 'done', 'fix-header.md'))).isFile());
    });
  });
});
