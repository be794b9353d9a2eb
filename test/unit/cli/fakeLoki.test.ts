import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './cliHarness';

const run = promisify(execFile);
const LOKI = path.join(REPO, 'test/fixtures/bin/loki');

// `loki start` needs dist/cli.js (built by `node esbuild.mjs`); the extension tests exercise it. Here: the parts
// that must work without a build, through a symlink as PATH installs would use.
describe('fake loki executable', () => {
  let tmp: string;
  beforeEach(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-fake-'))));
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('reports the Loki version, also through a symlink', async () => {
    const link = path.join(tmp, 'loki');
    await fs.symlink(LOKI, link);
    assert.equal((await run(link, ['--version'])).stdout, 'Loki Mode v9.22.12\n');
  });

  it('maps stop, pause and resume to control files and refuses without .loki', async () => {
    await assert.rejects(run(LOKI, ['stop'], { cwd: tmp }), /no \.loki folder/);
    await fs.mkdir(path.join(tmp, '.loki'));
    await run(LOKI, ['pause'], { cwd: tmp });
    assert.ok((await fs.stat(path.join(tmp, '.loki/PAUSE'))).isFile());
    await run(LOKI, ['resume'], { cwd: tmp });
    assert.equal(await fs.stat(path.join(tmp, '.loki/PAUSE')).catch(() => null), null);
    await run(LOKI, ['stop'], { cwd: tmp });
    assert.ok((await fs.stat(path.join(tmp, '.loki/STOP'))).isFile());
    await assert.rejects(run(LOKI, ['dance'], { cwd: tmp }), /unsupported command 'dance'/);
  });
});
