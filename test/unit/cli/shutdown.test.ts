// watch and serve end on Ctrl-C/SIGTERM with their code, and the process ends even when a handle outlives its close.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { SHUTDOWN_GRACE_MS, settleWithin } from '../../../src/cli/shutdown';
import { makeTempDir } from '../../fakes/tempDir';
import { waitFor } from '../../fakes/waitFor';
import { writeLiveProject } from '../server/helpers/liveProject';
import { REPO, startCli } from './cliHarness';

interface Ended { code: number | null; signal: NodeJS.Signals | null; ms: number }

function track(child: ChildProcessWithoutNullStreams): { out: () => string; ended: Promise<Ended>; stopAt: (t: number) => void } {
  let out = '';
  let stoppedAt = 0;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ended = new Promise<Ended>(resolve => child.on('close', (code, signal) => resolve({ code, signal, ms: Date.now() - stoppedAt })));
  return { out: () => out, ended, stopAt: t => { stoppedAt = t; } };
}

describe('CLI shutdown', function () {
  // Each CLI process compiles TypeScript through tsx on a shared 2-core machine.
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeEach(() => { tmp = makeTempDir('loki-shutdown-'); });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await new Promise(r => c.once('close', r));
      }
    }
    tmp.cleanup();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`watch exits with code 0 on ${signal} after disposing`, async () => {
      const project = path.join(tmp.dir, 'proj');
      writeLiveProject(project);
      const child = startCli(['watch', project, '--verbose'], { LOKI_DASHBOARD_HOME: path.join(tmp.dir, 'home') });
      children.push(child);
      const t = track(child);
      await waitFor(() => `watch to start (output: ${t.out()})`, () => /watching /.test(t.out()), 50_000);
      t.stopAt(Date.now());
      child.kill(signal);
      const ended = await t.ended;
      assert.deepEqual([ended.code, ended.signal], [0, null], t.out());
      assert.ok(ended.ms < SHUTDOWN_GRACE_MS * 2 + 2000, `ended ${ended.ms} ms after the signal`);
    });
  }

  it('serve exits with code 0 on SIGINT after closing the server', async () => {
    const project = path.join(tmp.dir, 'proj');
    writeLiveProject(project);
    const child = startCli(['serve', project, '--port', '0', '--token-file', path.join(tmp.dir, 'tokens.json')], { LOKI_DASHBOARD_HOME: path.join(tmp.dir, 'home') });
    children.push(child);
    const t = track(child);
    await waitFor(() => `serve to list its project (output: ${t.out()})`, () => /^Project [0-9a-f]+ /m.test(t.out()), 50_000);
    t.stopAt(Date.now());
    child.kill('SIGINT');
    const ended = await t.ended;
    assert.deepEqual([ended.code, ended.signal], [0, null], t.out());
    assert.ok(ended.ms < SHUTDOWN_GRACE_MS * 2 + 2000, `ended ${ended.ms} ms after the signal`);
  });

  it('ends the process with the command\'s code when a leaked handle would keep it alive', async () => {
    const script = `const { exitWith } = require(${JSON.stringify(path.join(REPO, 'src/cli/shutdown.ts'))});
      setInterval(() => undefined, 1000); // a handle nobody closes, like an FSWatcher that raced its close
      exitWith(3, 200);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO });
    children.push(child);
    const t = track(child);
    t.stopAt(Date.now());
    const ended = await t.ended;
    assert.equal(ended.code, 3, t.out());
  });

  it('settleWithin returns after the bound when the teardown hangs, and reports it', async () => {
    let late = 0;
    await settleWithin(new Promise(() => undefined), 20, () => { late++; });
    assert.equal(late, 1);
    await settleWithin(Promise.reject(new Error('teardown failed')), 10_000, () => { late++; });
    assert.equal(late, 1, 'a failing teardown is not late');
  });
});
