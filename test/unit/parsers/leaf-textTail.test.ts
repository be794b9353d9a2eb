import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { RotatingTail, TextTail, TRUNCATED_MARK } from '../../../src/core/parsers/textTail';

const files = new NodeFileAccessor();

describe('TextTail', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leaf-tail-'));
    file = join(dir, 'agent.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a whole real log when it is smaller than the tail window', async () => {
    const real = readFileSync(join(__dirname, '../../fixtures/leaf/logs/codex-agent.log.txt'));
    writeFileSync(file, real);
    const tail = new TextTail(files, file);
    const r = await tail.read();
    const expected = real.toString('utf8').split('\n');
    expected.pop(); // the file ends with a newline
    assert.equal(r.reset, false);
    assert.deepEqual(r.lines, expected);
    assert.ok(r.lines.includes('OpenAI Codex v0.144.6 (research preview)'));
    assert.ok(r.lines.some(l => l.includes('════')), 'keeps the multi-byte box-drawing banner intact');
    assert.equal(tail.offset, real.length);
  });

  it('starts mid-file at the tail and drops the partial first line', async () => {
    writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
    const r = await new TextTail(files, file, { initialTailBytes: 7 }).read();
    // The window starts inside "bbbb": that line is incomplete, so only "cccc" is returned.
    assert.deepEqual(r.lines, ['cccc']);
  });

  it('keeps the first line whole when the tail window starts exactly at a line start', async () => {
    writeFileSync(file, 'aaaa\nbbbb\ncccc\n');
    const r = await new TextTail(files, file, { initialTailBytes: 10 }).read();
    assert.deepEqual(r.lines, ['bbbb', 'cccc']);
  });

  it('returns only appended complete lines and buffers a partial last line until its newline', async () => {
    writeFileSync(file, 'one\ntw');
    const tail = new TextTail(files, file);
    assert.deepEqual((await tail.read()).lines, ['one']);
    assert.deepEqual((await tail.read()).lines, []);
    appendFileSync(file, 'o\r\nthree\n');
    assert.deepEqual((await tail.read()).lines, ['two', 'three']);
    assert.deepEqual((await tail.read()).lines, []);
  });

  it('decodes UTF-8 characters split across chunk boundaries', async () => {
    const text = 'héllo ✓ 日本語 🚀\nnext ═══\n';
    writeFileSync(file, text);
    const tail = new TextTail(files, file, { maxChunkBytes: 3, maxLineChars: 1000 });
    const lines: string[] = [];
    for (let i = 0; i < 100 && (i === 0 || tail.hasMore); i++) lines.push(...(await tail.read()).lines);
    assert.deepEqual(lines, ['héllo ✓ 日本語 🚀', 'next ═══']);
  });

  it('caps one read at maxChunkBytes and reports that more is waiting', async () => {
    writeFileSync(file, 'line-1\nline-2\nline-3\n');
    const tail = new TextTail(files, file, { maxChunkBytes: 8 });
    const first = await tail.read();
    assert.deepEqual(first.lines, ['line-1']);
    assert.equal(tail.offset, 8);
    assert.equal(tail.hasMore, true);
    assert.deepEqual((await tail.read()).lines, ['line-2']);
    assert.deepEqual((await tail.read()).lines, ['line-3']);
    assert.equal(tail.hasMore, false);
  });

  it('cuts a runaway line at maxLineChars and skips its remainder', async () => {
    writeFileSync(file, 'x'.repeat(50) + '\nafter\n');
    const tail = new TextTail(files, file, { maxChunkBytes: 16, maxLineChars: 16 });
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) lines.push(...(await tail.read()).lines);
    assert.deepEqual(lines, ['x'.repeat(16) + TRUNCATED_MARK, 'after']);
  });

  it('reports truncation once as reset and continues with the new content', async () => {
    writeFileSync(file, 'old-1\nold-2\nold-3\n');
    const tail = new TextTail(files, file);
    await tail.read();
    writeFileSync(file, 'new\n');
    assert.deepEqual(await tail.read(), { lines: ['new'], reset: true });
    appendFileSync(file, 'more\n');
    assert.deepEqual(await tail.read(), { lines: ['more'], reset: false });
  });

  it('survives a missing file, then deletion and re-creation', async () => {
    const tail = new TextTail(files, file);
    assert.deepEqual(await tail.read(), { lines: [], reset: false });
    writeFileSync(file, 'a\n');
    assert.deepEqual(await tail.read(), { lines: ['a'], reset: false });
    unlinkSync(file);
    assert.deepEqual(await tail.read(), { lines: [], reset: false });
    writeFileSync(file, 'b\n');
    assert.deepEqual(await tail.read(), { lines: ['b'], reset: true });
  });

  it('treats a directory in place of the file as nothing to read', async () => {
    const tail = new TextTail(files, dir);
    assert.deepEqual(await tail.read(), { lines: [], reset: false });
  });
});

describe('RotatingTail (events.jsonl)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leaf-rot-'));
    file = join(dir, 'events.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rotate = (): void => renameSync(file, `${file}.1`);

  it('finishes the rotated file from the old offset, then reads the new one from its start', async () => {
    writeFileSync(file, '{"n":1}\n');
    const tail = new RotatingTail(files, file);
    assert.deepEqual((await tail.read()).lines, ['{"n":1}']);
    appendFileSync(file, '{"n":2}\n{"n":');
    rotate();
    writeFileSync(file, '{"n":4}\n');
    // The half-written record at the end of `.1` is still emitted: emit.sh finished it before rotating.
    appendFileSync(`${file}.1`, '3}\n');
    assert.deepEqual(await tail.read(), { lines: ['{"n":2}', '{"n":3}', '{"n":4}'], reset: false });
    appendFileSync(file, '{"n":5}\n');
    assert.deepEqual(await tail.read(), { lines: ['{"n":5}'], reset: false });
  });

  it('detects a rotation even when the new file has already outgrown the old offset', async () => {
    writeFileSync(file, 'a\n');
    const tail = new RotatingTail(files, file);
    await tail.read();
    appendFileSync(file, 'b\n');
    rotate();
    writeFileSync(file, 'c-long-record\nd\n');
    assert.deepEqual((await tail.read()).lines, ['b', 'c-long-record', 'd']);
  });

  it('drains a large remainder of the rotated file over several capped reads', async () => {
    writeFileSync(file, 'r0\n');
    const tail = new RotatingTail(files, file, { maxChunkBytes: 6 });
    await tail.read();
    appendFileSync(file, 'r1\nr2\nr3\nr4\n');
    rotate();
    writeFileSync(file, 'n1\n');
    const lines: string[] = [];
    for (let i = 0; i < 10; i++) lines.push(...(await tail.read()).lines);
    assert.deepEqual(lines, ['r1', 'r2', 'r3', 'r4', 'n1']);
  });

  it('ignores a .1 left over from an earlier rotation', async () => {
    writeFileSync(`${file}.1`, 'ancient\n');
    writeFileSync(file, 'x\n');
    const tail = new RotatingTail(files, file);
    assert.deepEqual((await tail.read()).lines, ['x']);
    appendFileSync(file, 'y\n');
    assert.deepEqual((await tail.read()).lines, ['y']);
  });

  it('reports a plain truncation (no rotated file) as reset', async () => {
    writeFileSync(file, 'aaa\nbbb\n');
    const tail = new RotatingTail(files, file);
    await tail.read();
    writeFileSync(file, 'c\n');
    assert.deepEqual(await tail.read(), { lines: ['c'], reset: true });
  });

  it('survives a missing file and reads a re-created one from its start', async () => {
    const tail = new RotatingTail(files, file, { initialTailBytes: 2 });
    assert.deepEqual(await tail.read(), { lines: [], reset: false });
    writeFileSync(file, 'first\n');
    await tail.read();
    unlinkSync(file);
    assert.deepEqual(await tail.read(), { lines: [], reset: false });
    writeFileSync(file, 'one\ntwo\n');
    assert.deepEqual(await tail.read(), { lines: ['one', 'two'], reset: true });
  });
});
