// KPI and export routes over the real LokiCore reading a real runner tree.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { ChokidarDirWatcher } from '../../../src/core/adapters/chokidarWatcher';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { LokiCore } from '../../../src/core/lokiCore';
import { Store } from '../../../src/core/store/store';
import { makeTempDir } from '../../fakes/tempDir';
import type { Running } from './helpers/harness';
import { api, startServer } from './helpers/harness';

const FIXTURE = path.join(__dirname, '../../fixtures/loki-runs/claude-todo/final');

describe('insights routes', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let store: Store;
  let run: Running;
  let projectId: string;

  beforeEach(async () => {
    tmp = makeTempDir('loki-api-insights-');
    await fs.cp(FIXTURE, path.join(tmp.dir, 'proj'), { recursive: true });
    store = await Store.open({ file: null, log: nullLogger });
    core = new LokiCore({ store, log: nullLogger, files: new NodeFileAccessor(), watcher: new ChokidarDirWatcher(), homeDir: null, debounceMs: 5 });
    projectId = (await core.addProject(path.join(tmp.dir, 'proj'))).id;
    run = await startServer(core);
  });
  afterEach(async () => {
    await run.server.close();
    core.dispose();
    store.dispose();
    tmp.cleanup();
  });

  it('GET /api/projects/{id}/kpis answers Loki\'s KPI snapshot', async () => {
    const res = await api(run.server.url, `/api/projects/${projectId}/kpis`, run.read);
    assert.equal(res.status, 200);
    const k = (await res.json()) as { efficiency: { iteration_count: number; total_cost_usd: number }; accuracy: { iteration_success_rate: number } };
    assert.equal(k.efficiency.iteration_count, 4);
    assert.equal(k.efficiency.total_cost_usd, 0.4174);
    assert.equal(k.accuracy.iteration_success_rate, 1);
    assert.equal((await api(run.server.url, '/api/projects/nope/kpis', run.read)).status, 404);
    assert.equal((await api(run.server.url, `/api/projects/${projectId}/kpis`)).status, 401);
  });

  it('GET /api/sessions/{id}/export sends each format with its content type and as an attachment', async () => {
    const sessionId = core.snapshot(projectId)!.session.id;
    const csv = await api(run.server.url, `/api/sessions/${encodeURIComponent(sessionId)}/export?format=csv`, run.read);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="proj-session-20261122T0245\.csv"$/);
    const rows = parseCsv<{ id: string }>(await csv.text(), { columns: true });
    assert.equal(rows.length, 10);
    const md = await api(run.server.url, `/api/sessions/${projectId}/export?format=markdown`, run.read);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.match(await md.text(), /^# Loki Mode Session Export\n/);
    const json = await api(run.server.url, `/api/sessions/${projectId}/export`, run.read);
    assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(((await json.json()) as { kpis: { schema_version: number } }).kpis.schema_version, 1);
    const timeline = await api(run.server.url, `/api/sessions/${projectId}/export?format=timeline`, run.read);
    assert.ok(Array.isArray(await timeline.json()));
  });

  it('a bad format is 400 and an unknown session 404', async () => {
    const bad = await api(run.server.url, `/api/sessions/${projectId}/export?format=xml`, run.read);
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { error: { code: string } }).error.code, 'bad_format');
    const missing = await api(run.server.url, '/api/sessions/nope%3A2020/export?format=csv', run.read);
    assert.equal(missing.status, 404);
  });
});
