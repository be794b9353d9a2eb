// The extension's team publisher mode, without the VS Code host: the same runner the extension drives from its
// settings, over a real LokiCore on real files, publishing to a real PostgreSQL that a real TeamHub reads.
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { ChokidarDirWatcher } from '../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../src/core/logger';
import { LokiCore } from '../../src/core/lokiCore';
import { Store } from '../../src/core/store/store';
import { PublisherRunner, publishPlan } from '../../src/extension/team/publisherRunner';
import { startPublisher } from '../../src/extension/team/startPublisher';
import { TeamHub } from '../../src/server/team/teamHub';
import { teamTiming } from '../../src/server/team/teamKeys';
import { RecordingLogger } from '../fakes/recordingLogger';
import { makeTempDir } from '../fakes/tempDir';
import { waitFor } from '../fakes/waitFor';
import { writeLiveProject } from '../unit/server/helpers/liveProject';
import { startPostgres } from './helpers/postgres';
import type { TestPostgres } from './helpers/postgres';

describe('extension team publishing (PublisherRunner)', function () {
  this.timeout(120_000);
  let pg: TestPostgres;
  let tmp: ReturnType<typeof makeTempDir>;
  let store: Store;
  let core: LokiCore;
  let hubPool: Pool;
  let hub: TeamHub;
  let runner: PublisherRunner;
  const reports: string[] = [];
  let starts = 0;
  const timing = { ...teamTiming(), heartbeatMs: 200, offlineAfterMs: 1000 };

  before(async () => {
    pg = await startPostgres();
    tmp = makeTempDir('loki-publish-');
    writeLiveProject(tmp.dir);
    store = await Store.open({ file: null, log: nullLogger });
    core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, isPidAlive: () => false });
    await core.addProject(tmp.dir);
    hubPool = new Pool({ connectionString: pg.url, max: 4 });
    hub = await TeamHub.start({ pool: hubPool, log: nullLogger, timing });
    runner = new PublisherRunner({ start: plan => { starts++; return startPublisher(plan, { source: core }, nullLogger); }, log: new RecordingLogger(), report: m => reports.push(m) });
  });
  after(async () => {
    await runner?.close();
    await hub?.close();
    await hubPool?.end();
    core?.dispose();
    await store?.close();
    tmp?.cleanup();
    await pg?.stop();
  });

  const atHub = (machine: string): boolean => hub.projects().some(p => p.path === `${machine}:${tmp.dir}`);
  const online = (machine: string): boolean => {
    const p = hub.projects().find(x => x.path === `${machine}:${tmp.dir}`);
    return !!p && hub.machineOf(p.id)?.online === true;
  };

  it('publishes the window\'s projects when the settings turn it on, and the hub shows them', async () => {
    await runner.apply(publishPlan({ url: pg.url, machine: 'vscode-window', trusted: true, password: undefined }));
    assert.equal(runner.running, true);
    await waitFor('the project at the hub', () => atHub('vscode-window'));
  });

  it('keeps publishing through an unchanged plan, and moves to a new machine name when it changes', async () => {
    const started = starts;
    await runner.apply(publishPlan({ url: pg.url, machine: 'vscode-window', trusted: true, password: undefined }));
    assert.equal(runner.running, true);
    assert.equal(starts, started, 'no restart for the same plan');
    await runner.apply(publishPlan({ url: pg.url, machine: 'renamed-window', trusted: true, password: undefined }));
    await waitFor('the project under the new name', () => atHub('renamed-window'));
  });

  it('stops when the setting is cleared or the workspace is not trusted (the hub then shows it offline)', async () => {
    await runner.apply(publishPlan({ url: '', machine: '', trusted: true, password: undefined }));
    assert.equal(runner.running, false);
    await waitFor('the project offline at the hub', () => atHub('renamed-window') && !online('renamed-window'), 10_000);
    await runner.apply(publishPlan({ url: pg.url, machine: 'renamed-window', trusted: false, password: undefined }));
    assert.equal(runner.running, false);
    assert.ok(reports.some(r => /Restricted Mode/.test(r)));
  });

  it('reports an unreachable database once and does not publish', async () => {
    const before = reports.length;
    const port = Number(new URL(pg.url).port);
    const bad = publishPlan({ url: `postgresql://postgres@127.0.0.1:${port}/missing_db`, machine: 'x', trusted: true, password: undefined });
    await runner.apply(bad);
    await runner.apply(bad);
    assert.equal(runner.running, false);
    assert.equal(reports.length - before, 1, reports.slice(before).join('\n'));
    assert.match(reports.at(-1)!, /missing_db/);
  });
});
