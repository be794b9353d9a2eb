import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LogTails, MAX_QUEUED } from '../../../src/core/parsers/logTails';

describe('LogTails under a burst larger than one bounded read', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-burst-'));
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'agent.log'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const burst = (from: number, n: number): string =>
    Array.from({ length: n }, (_, i) => `2026-08-20T14:28:50Z [INFO] tool call ${from + i}: Edit src/file${i % 50}.ts with a long enough line\n`).join('');

  it('loses no line of a drained tail: the rest is reported as lagging and read on the next call', async () => {
    const tails = new LogTails(new NodeFileAccessor(), dir);
    await tails.scan();
    tails.drainLogs();
    const lines = 3 * MAX_QUEUED;
    appendFileSync(path.join(dir, 'logs', 'agent.log'), burst(0, lines));
    const got: string[] = [];
    await tails.read('logs/agent.log');
    got.push(...tails.drainLogs().map(e => e.message));
    assert.ok(got.length < lines, 'one read stops at its bound');
    assert.deepEqual(tails.lagging(), [`${dir}/logs/agent.log`]);
    while (tails.lagging().length) {
      await tails.read('logs/agent.log');
      got.push(...tails.drainLogs().map(e => e.message));
    }
    assert.equal(got.length, lines);
    assert.ok(got[lines - 1]!.includes(`tool call ${lines - 1}:`));
  });

  it('keeps at most MAX_QUEUED lines for an owner that never drains (a one-shot snapshot)', async () => {
    const tails = new LogTails(new NodeFileAccessor(), dir);
    await tails.scan();
    appendFileSync(path.join(dir, 'logs', 'agent.log'), burst(0, MAX_QUEUED + 500));
    await tails.read('logs/agent.log');
    assert.ok(tails.drainLogs().length <= MAX_QUEUED);
  });
});
