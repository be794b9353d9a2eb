import assert from 'node:assert/strict';
import type { ControlHandler } from '../../../src/server/types';
import { FakeSource, makeSnapshot } from './helpers/fakeSource';
import type { Running } from './helpers/harness';
import { api, startServer } from './helpers/harness';

const noControl = (): Promise<never> => Promise.reject(new Error('not in this test'));
const control: ControlHandler = { pause: noControl, resume: noControl, stop: noControl, sendInput: noControl, addTask: noControl, moveTask: noControl };

describe('GET /api/token', () => {
  let run: Running | undefined;
  afterEach(async () => { await run?.server.close(); run = undefined; });

  it('tells the caller its scope and whether its control requests are accepted', async () => {
    run = await startServer(new FakeSource(makeSnapshot('p1')), { control });
    const read = (await (await api(run.server.url, '/api/token', run.read)).json()) as Record<string, unknown>;
    assert.deepEqual(read, { id: run.readId, name: 'test reader', scope: 'read', expiresAt: null, control: false });
    const ctl = (await (await api(run.server.url, '/api/token', run.control)).json()) as Record<string, unknown>;
    assert.equal(ctl.scope, 'control');
    assert.equal(ctl.control, true);
  });

  it('says control is false on a server without control, and needs a token', async () => {
    run = await startServer(new FakeSource(makeSnapshot('p1')));
    const ctl = (await (await api(run.server.url, '/api/token', run.control)).json()) as Record<string, unknown>;
    assert.equal(ctl.control, false);
    assert.equal((await api(run.server.url, '/api/token')).status, 401);
  });
});
