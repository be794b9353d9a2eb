import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher, isIgnoredLokiPath } from '../../../src/core/adapters/chokidarWatcher';
import type { Disposable } from '../../../src/core/disposable';
import { makeTempDir } from '../../fakes/tempDir';
import { waitFor } from '../../fakes/waitFor';

describe('ChokidarDirWatcher', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sub: Disposable | undefined;
  beforeEach(() => { tmp = makeTempDir('loki-watch-'); });
  afterEach(() => { sub?.dispose(); tmp.cleanup(); });

  it('ignores residue and the heavy directories nobody reads', () => {
    for (const p of ['queue/pending.json.tmp.123', 'events.jsonl.lock', 'app-sandbox/x.js', 'quality/reviews/r1/a.md', 'proofs/run/proof.json', 'state/checkpoints/cp-3-17/queue.json', 'memory/episodic/e.json']) {
      assert.ok(isIgnoredLokiPath(p), p);
    }
    for (const p of ['queue/pending.json', 'state/checkpoints/index.jsonl', 'quality/test-results.json', 'logs/agent.log', 'memory/learnings/x.json']) {
      assert.ok(!isIgnoredLokiPath(p), p);
    }
  });

  it('reports .loki appearing later, files below it, and nothing outside it', async () => {
    const loki = path.join(tmp.dir, '.loki');
    const seen = new Set<string>();
    const errors: Error[] = [];
    sub = new ChokidarDirWatcher().watch(loki, p => seen.add(p), e => errors.push(e));
    await waitFor('the watch to become live (it reports .loki once)', () => seen.has(loki));
    seen.clear();
    writeFileSync(path.join(tmp.dir, 'README.md'), 'outside');
    mkdirSync(path.join(tmp.dir, 'src'));
    writeFileSync(path.join(tmp.dir, 'src', 'a.ts'), 'x');
    mkdirSync(path.join(loki, 'queue'), { recursive: true });
    writeFileSync(path.join(loki, 'queue', 'pending.json'), '[]');
    await waitFor(() => `pending.json in ${[...seen].join(', ')}`, () => seen.has(path.join(loki, 'queue', 'pending.json')));
    writeFileSync(path.join(loki, 'queue', 'pending.json.tmp.42'), '[');
    mkdirSync(path.join(loki, 'app-sandbox'));
    writeFileSync(path.join(loki, 'app-sandbox', 'big.js'), 'x');
    writeFileSync(path.join(loki, 'STATUS.txt'), 'marker');
    await waitFor(() => 'STATUS.txt', () => seen.has(path.join(loki, 'STATUS.txt')));
    assert.ok(seen.has(loki), '.loki itself is reported when it appears');
    for (const p of seen) assert.ok(p === loki || p.startsWith(loki + path.sep), `outside .loki: ${p}`);
    assert.ok(![...seen].some(p => p.includes('.tmp.') || p.includes('app-sandbox')), [...seen].join(', '));
    assert.deepEqual(errors, []);
  });

  it('keeps reporting after .loki is deleted and recreated', async () => {
    const loki = path.join(tmp.dir, '.loki');
    mkdirSync(path.join(loki, 'state'), { recursive: true });
    const seen: string[] = [];
    sub = new ChokidarDirWatcher().watch(loki, p => seen.push(p), () => {});
    await waitFor('the watch to become live', () => seen.includes(loki));
    seen.length = 0;
    rmSync(loki, { recursive: true, force: true });
    await waitFor(() => 'removal of .loki', () => seen.includes(loki));
    seen.length = 0;
    mkdirSync(path.join(loki, 'state'), { recursive: true });
    await waitFor(() => 're-creation of .loki', () => seen.length > 0);
    // chokidar re-adds the new tree asynchronously: rewrite the file until a write lands in the new watch.
    const orchestrator = path.join(loki, 'state', 'orchestrator.json');
    await waitFor(() => `orchestrator.json in ${seen.join(', ')}`, () => { writeFileSync(orchestrator, '{}'); return seen.includes(orchestrator); }, 20_000, 100);
  });

  it('reports many files written at once in logs/', async () => {
    const loki = path.join(tmp.dir, '.loki');
    mkdirSync(path.join(loki, 'logs'), { recursive: true });
    const seen = new Set<string>();
    sub = new ChokidarDirWatcher().watch(loki, p => seen.add(p), () => {});
    await waitFor('the watch to become live', () => seen.has(loki));
    for (let i = 0; i < 300; i++) writeFileSync(path.join(loki, 'logs', `iter-output-${i}.log`), `line ${i}\n`);
    await waitFor(() => `300 logs, saw ${seen.size}`, () => [...seen].filter(p => p.includes('iter-output-')).length === 300);
  });

  it('reports a file again when it is rewritten right after a reported change', async () => {
    const loki = path.join(tmp.dir, '.loki');
    mkdirSync(loki);
    const file = path.join(loki, 'autonomy-state.json');
    writeFileSync(file, '{"status":"running"}');
    let reports = 0;
    let live = false;
    sub = new ChokidarDirWatcher().watch(loki, p => { if (p === file) reports++; else if (p === loki) live = true; }, () => {});
    await waitFor('the watch to become live', () => live);
    writeFileSync(file, '{"status":"paused"}');
    await waitFor(() => 'first report', () => reports > 0);
    // chokidar throttles a second change of the same file for 50 ms and never reports it; the adapter must.
    const before = reports;
    writeFileSync(file, '{"status":"stopped"}');
    await waitFor(() => 'a report after the second write', () => reports > before);
  });

  it('sees every one of many rapid tmp+rename writes, appends and rewrites without waiting for a sweep', async () => {
    const loki = path.join(tmp.dir, '.loki');
    mkdirSync(path.join(loki, 'queue'), { recursive: true });
    const file = path.join(loki, 'queue', 'pending.json');
    const log = path.join(loki, 'autonomy.log');
    writeFileSync(file, '[]');
    writeFileSync(log, '');
    let live = false;
    const seenQueue = new Set<string>();
    const seenLog = new Set<number>();
    // The consumer reads the file when told, as the monitor does: what it reads is what it saw.
    sub = new ChokidarDirWatcher().watch(loki, p => {
      if (p === loki) live = true;
      else if (p === file) seenQueue.add(readFileSync(file, 'utf8'));
      else if (p === log) seenLog.add(readFileSync(log, 'utf8').length);
    }, () => {});
    await waitFor('the watch to become live', () => live);
    // The watcher alone has no sweep: a write it misses is never seen, however long the deadline.
    const deadlineMs = 5000;
    for (let k = 0; k < 60; k++) {
      const text = JSON.stringify([{ id: `task-${k}` }]);
      // The runner's atomic write: a residue-named temp file renamed over the target.
      const tmpFile = `${file}.tmp.${process.pid}`;
      writeFileSync(tmpFile, text);
      renameSync(tmpFile, file);
      await waitFor(() => `tmp+rename write ${k}`, () => seenQueue.has(text), deadlineMs, 1);
      writeFileSync(log, `line ${k}\n`, { flag: 'a' });
      const length = readFileSync(log, 'utf8').length;
      await waitFor(() => `append ${k}`, () => seenLog.has(length), deadlineMs, 1);
    }
    const rewrite = JSON.stringify([{ id: 'rewritten' }]);
    writeFileSync(file, rewrite);
    await waitFor(() => 'in-place rewrite', () => seenQueue.has(rewrite), deadlineMs, 1);
  });
});
