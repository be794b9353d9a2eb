import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ControlError, pauseSession, resumeSession, sendHumanInput, stopSession, waitForInputOutcome } from '../../../src/core/write/control';

async function tempLoki(): Promise<{ root: string; loki: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-control-'));
  const loki = path.join(root, '.loki');
  await fs.mkdir(path.join(loki, 'logs'), { recursive: true });
  return { root, loki };
}

/** `date +%Y%m%d-%H%M%S` in local time, as run.sh names human-input files. */
function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

describe('control files', () => {
  let root: string;
  let loki: string;
  beforeEach(async () => ({ root, loki } = await tempLoki()));
  afterEach(async () => fs.rm(root, { recursive: true, force: true }));

  it('pause writes PAUSE with a timestamp, resume deletes it, stop writes STOP', async () => {
    await pauseSession(loki);
    assert.match(await fs.readFile(path.join(loki, 'PAUSE'), 'utf8'), /^\d{4}-\d\d-\d\dT/);
    await resumeSession(loki);
    await assert.rejects(fs.stat(path.join(loki, 'PAUSE')), { code: 'ENOENT' });
    await resumeSession(loki); // resuming twice is harmless
    await stopSession(loki);
    assert.ok((await fs.stat(path.join(loki, 'STOP'))).isFile());
  });

  it('refuses with no-loki when .loki is missing', async () => {
    const missing = path.join(root, 'nope', '.loki');
    for (const f of [pauseSession, resumeSession, stopSession]) {
      await assert.rejects(f(missing), (e: unknown) => ControlError.is(e) && e.reason === 'no-loki');
    }
    await assert.rejects(sendHumanInput(missing, 'hi'), (e: unknown) => ControlError.is(e) && e.reason === 'no-loki');
  });

  it('appends operator directives the way loki steer does', async () => {
    await sendHumanInput(loki, 'first', new Date('2026-01-02T03:04:05.678Z'));
    await sendHumanInput(loki, 'second\nline', new Date('2026-01-02T03:04:09Z'));
    assert.equal(
      await fs.readFile(path.join(loki, 'HUMAN_INPUT.md'), 'utf8'),
      '## Operator directive (2026-01-02T03:04:05Z)\nfirst\n\n## Operator directive (2026-01-02T03:04:09Z)\nsecond\nline\n\n',
    );
    assert.deepEqual((await fs.readdir(loki)).filter(n => n.includes('.tmp.')), [], 'no temp residue left');
  });

  it('does not follow a symlinked HUMAN_INPUT.md: the target stays untouched and a regular file replaces the link', async () => {
    const secret = path.join(root, 'secret.txt');
    await fs.writeFile(secret, 'do not read or change me');
    await fs.symlink(secret, path.join(loki, 'HUMAN_INPUT.md'));
    await sendHumanInput(loki, 'hello', new Date('2026-01-02T03:04:05Z'));
    const st = await fs.lstat(path.join(loki, 'HUMAN_INPUT.md'));
    assert.ok(st.isFile() && !st.isSymbolicLink());
    assert.equal(await fs.readFile(path.join(loki, 'HUMAN_INPUT.md'), 'utf8'), '## Operator directive (2026-01-02T03:04:05Z)\nhello\n\n');
    assert.equal(await fs.readFile(secret, 'utf8'), 'do not read or change me');
  });

  it('refuses input that would take HUMAN_INPUT.md above 1 MiB and keeps the existing file', async () => {
    const existing = 'x'.repeat(1024 * 1024 - 100);
    await fs.writeFile(path.join(loki, 'HUMAN_INPUT.md'), existing);
    await assert.rejects(sendHumanInput(loki, 'y'.repeat(200)), (e: unknown) => ControlError.is(e) && e.reason === 'too-large');
    assert.equal(await fs.readFile(path.join(loki, 'HUMAN_INPUT.md'), 'utf8'), existing);
    await assert.rejects(sendHumanInput(loki, '   '), (e: unknown) => ControlError.is(e) && e.reason === 'invalid');
  });

  describe('waitForInputOutcome', () => {
    const cases: Array<[string, string]> = [['human-input-', 'accepted'], ['human-input-REJECTED-', 'rejected'], ['human-input-REJECTED-TOOLARGE-', 'too-large']];
    for (const [prefix, outcome] of cases) {
      it(`reports ${outcome} when the runner archives the input as ${prefix}<ts>.md`, async () => {
        const since = new Date();
        const pending = waitForInputOutcome(loki, since, 10_000);
        setTimeout(() => void fs.writeFile(path.join(loki, 'logs', `${prefix}${stamp(new Date())}.md`), 'text'), 300);
        assert.equal(await pending, outcome);
      });
    }

    it('accepts a verdict file already present whose timestamp is at or after since', async () => {
      const since = new Date();
      await fs.writeFile(path.join(loki, 'logs', `human-input-REJECTED-${stamp(since)}.md`), 'x');
      assert.equal(await waitForInputOutcome(loki, since, 2000), 'rejected');
    });

    it('ignores verdicts of older inputs and times out', async () => {
      await fs.writeFile(path.join(loki, 'logs', `human-input-${stamp(new Date(Date.now() - 3600_000))}.md`), 'old');
      await fs.writeFile(path.join(loki, 'logs', 'human-input-notes.md'), 'not a verdict');
      assert.equal(await waitForInputOutcome(loki, new Date(), 600), 'timeout');
    });

    it('ignores verdicts already in logs/ while HUMAN_INPUT.md still waits to be consumed', async () => {
      const since = new Date();
      await fs.writeFile(path.join(loki, 'logs', `human-input-REJECTED-${stamp(since)}.md`), 'earlier input');
      await fs.writeFile(path.join(loki, 'HUMAN_INPUT.md'), 'new input');
      const pending = waitForInputOutcome(loki, since, 10_000);
      setTimeout(() => void fs.rename(path.join(loki, 'HUMAN_INPUT.md'), path.join(loki, 'logs', `human-input-TOOLARGE-x.md`))
        .then(() => fs.writeFile(path.join(loki, 'logs', `human-input-REJECTED-TOOLARGE-${stamp(new Date())}.md`), 'x')), 300);
      assert.equal(await pending, 'too-large');
    });

    it('resolves timeout promptly when aborted', async () => {
      const ac = new AbortController();
      const started = Date.now();
      setTimeout(() => ac.abort(), 100);
      assert.equal(await waitForInputOutcome(loki, new Date(), 60_000, ac.signal), 'timeout');
      assert.ok(Date.now() - started < 5000);
    });
  });
});
