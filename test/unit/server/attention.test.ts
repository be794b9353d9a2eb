// GET /api/attention and the attention:changed event over the real LokiCore and real files.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AttentionItem } from '../../../src/core/domain';
import type { LokiCore } from '../../../src/core/lokiCore';
import { makeTempDir } from '../../fakes/tempDir';
import type { Client, Running } from './helpers/harness';
import { api, connect, startServer } from './helpers/harness';
import { openRealCore, writeLiveProject } from './helpers/liveProject';

describe('API server: Needs you', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: LokiCore;
  let closeCore: () => void;
  let run: Running;
  let projectId: string;
  const clients: Client[] = [];

  beforeEach(async () => {
    tmp = makeTempDir('loki-api-attention-');
    writeLiveProject(tmp.dir);
    ({ core, dispose: closeCore } = await openRealCore());
    projectId = (await core.addProject(tmp.dir)).id;
    run = await startServer(core, {});
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await run.server.close();
    closeCore();
    tmp.cleanup();
  });

  it('sends attention:changed when a task lands in dead-letter and lists it at GET /api/attention', async () => {
    const c = await connect(run.server, run.read);
    clients.push(c);
    c.send({ type: 'subscribe', channels: ['*'] });
    await c.nextOfType('subscribed');
    const before = (await (await api(run.server.url, '/api/attention', run.read)).json()) as { count: number };
    assert.equal(before.count, 0);
    await fs.writeFile(path.join(tmp.dir, '.loki', 'queue', 'dead-letter.json'), JSON.stringify([{ id: 'dl-1', title: 'Stuck import', status: 'failed' }]));
    const ev = await c.nextOfType('attention:changed');
    const items = (ev.data as { items: AttentionItem[] }).items;
    assert.deepEqual(items.map(i => [i.kind, i.taskId]), [['task-failed', 'dl-1']]);
    const res = (await (await api(run.server.url, `/api/attention?project=${projectId}`, run.read)).json()) as { count: number; items: AttentionItem[] };
    assert.equal(res.count, 1);
    assert.equal(res.items[0]!.reason, 'Task "Stuck import" ran out of retries (dead-letter).');
    assert.equal((await api(run.server.url, '/api/attention?project=nope', run.read)).status, 404);
  });
});
