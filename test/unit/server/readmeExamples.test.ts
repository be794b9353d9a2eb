// The README's API examples run as written (curl lines and the Node `ws` snippet), against a real server over real files.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChokidarDirWatcher } from '../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { LokiCore } from '../../../src/core/lokiCore';
import { coreControlHandler } from '../../../src/server/coreControl';
import { Store } from '../../../src/core/store/store';
import { makeTempDir } from '../../fakes/tempDir';
import type { Running } from './helpers/harness';
import { startServer } from './helpers/harness';
import { writeLiveProject } from './helpers/liveProject';

const ROOT = path.resolve(__dirname, '../../..');
const DOC_BASE = '127.0.0.1:57375';

/** The README's API section and its fenced code blocks of one language. */
function readmeBlocks(lang: string): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## API server (optional) and security model');
  const end = readme.indexOf('## Troubleshooting', start);
  assert.ok(start >= 0 && end > start, 'README has the API section');
  const section = readme.slice(start, end);
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]!);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, onStdout?: (all: string) => boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => {
      stdout += d;
      // Long-running examples (the ws client) are stopped once they showed what they should.
      if (onStdout?.(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', d => (stderr += d));
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

describe('README API examples', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let store: Store;
  let srv: Running;
  let projectDir: string;

  before(async () => {
    tmp = makeTempDir('loki-readme-');
    projectDir = path.join(tmp.dir, 'my-app');
    writeLiveProject(projectDir);
    store = await Store.open({ file: null, log: nullLogger });
    core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
    await core.addProject(projectDir);
    srv = await startServer(core, { control: coreControlHandler(() => core.projects()) });
  });
  after(async () => {
    await srv.server.close();
    core.dispose();
    store.dispose();
    tmp.cleanup();
  });

  it('runs every curl line of the REST example, in order, successfully', async () => {
    const curlBlock = readmeBlocks('sh').find(b => b.includes('curl -fsS'));
    assert.ok(curlBlock, 'README has the curl block');
    const lines = curlBlock.split('\n').filter(l => l.trim() !== '');
    assert.ok(lines.length >= 8);
    const script = ['set -e', ...lines.map(l => l.replaceAll(DOC_BASE, srv.server.url.replace('http://', '')))].join('\n');
    const res = await run('sh', ['-c', script], { TOKEN: srv.read, CONTROL_TOKEN: srv.control });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /"status":"healthy"/);
    assert.match(res.stdout, /"tasks":\[/);
    assert.match(res.stdout, /"action":"pause"/);
    assert.match(res.stdout, /"action":"resume"/);
    assert.equal(existsSync(path.join(projectDir, '.loki', 'PAUSE')), false, 'paused, then resumed');
    assert.match(readFileSync(path.join(projectDir, '.loki', 'HUMAN_INPUT.md'), 'utf8'), /Use PostgreSQL/);
    assert.match(readFileSync(path.join(projectDir, '.loki', 'queue', 'pending.json'), 'utf8'), /Write the API docs/);
  });

  it('runs the Node ws snippet: it subscribes and prints the snapshot and the ack', async () => {
    const js = readmeBlocks('js')[0];
    assert.ok(js, 'README has the Node snippet');
    const code = js.replaceAll(DOC_BASE, srv.server.url.replace('http://', ''));
    const res = await run(process.execPath, ['--input-type=module', '-e', code], { TOKEN: srv.read }, out => /subscribed/.test(out));
    assert.match(res.stdout, /^1 snapshot project:[0-9a-f]+$/m);
    assert.match(res.stdout, /^2 subscribed \*$/m);
  });
});
