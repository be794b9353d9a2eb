// Control scope in the Team section: what the token may do decides which actions are offered for remote projects,
// and the client's requests reach the server's control handler (a real ApiServer; the handler records the calls).
import assert from 'node:assert/strict';
import { nullLogger } from '../../../src/core/logger';
import type { ApiNewTask, ControlHandler } from '../../../src/server/types';
import { remoteActions } from '../../../src/extension/team/remoteActions';
import { TeamClient } from '../../../src/extension/team/teamClient';
import { makeSession } from '../../fakes/domain';
import { FakeSource, makeSnapshot } from '../server/helpers/fakeSource';
import type { Running } from '../server/helpers/harness';
import { startServer } from '../server/helpers/harness';

class RecordingControl implements ControlHandler {
  readonly calls: string[] = [];
  pause(id: string): Promise<void> { this.calls.push(`pause ${id}`); return Promise.resolve(); }
  resume(id: string): Promise<void> { this.calls.push(`resume ${id}`); return Promise.resolve(); }
  stop(id: string): Promise<void> { this.calls.push(`stop ${id}`); return Promise.resolve(); }
  sendInput(id: string, text: string): Promise<void> { this.calls.push(`input ${id} ${text}`); return Promise.resolve(); }
  addTask(id: string, t: ApiNewTask): Promise<string> { this.calls.push(`addTask ${id} ${t.title} ${t.priority}`); return Promise.resolve('user-1'); }
  moveTask(id: string, taskId: string, to: string): Promise<void> { this.calls.push(`move ${id} ${taskId} ${to}`); return Promise.resolve(); }
}

describe('Team section control scope', () => {
  describe('remoteActions', () => {
    const snap = (extra: Parameters<typeof makeSession>[1], problems: Array<{ file: string; message: string }> = []) =>
      ({ ...makeSnapshot('p1'), session: makeSession('p1', extra), problems });
    it('offers nothing with a read-scope token', () => {
      assert.deepEqual(remoteActions(snap({ status: 'running' }), false), []);
    });
    it('offers the local rules with a control-scope token', () => {
      assert.deepEqual(remoteActions(snap({ status: 'running' }), true), ['pause', 'stop', 'input', 'addTask']);
      assert.deepEqual(remoteActions(snap({ status: 'paused' }), true), ['resume', 'stop', 'input', 'addTask']);
      assert.deepEqual(remoteActions(snap({ status: 'completed', alive: false }), true), ['addTask']);
    });
    it('offers nothing while the publisher is offline (the hub would answer 503)', () => {
      assert.deepEqual(remoteActions(snap({ status: 'running' }, [{ file: 'team:publisher', message: 'publisher x is offline' }]), true), []);
    });
  });

  describe('TeamClient against a real server', () => {
    let run: Running | undefined;
    const clients: TeamClient[] = [];
    afterEach(async () => {
      for (const c of clients.splice(0)) c.dispose();
      await run?.server.close();
      run = undefined;
    });
    const connect = async (token: string): Promise<TeamClient> => {
      const c = new TeamClient(run!.server.url, token, nullLogger);
      clients.push(c);
      await c.connect();
      return c;
    };

    it('a read token sees the projects but may not control; the server refuses if it tries', async () => {
      const control = new RecordingControl();
      run = await startServer(new FakeSource(makeSnapshot('p1')), { control });
      const c = await connect(run.read);
      assert.deepEqual(c.projects().map(p => p.project.id), ['p1']);
      assert.equal(c.canControl(), false);
      await assert.rejects(c.send('p1', 'pause'), /HTTP 403/);
      assert.deepEqual(control.calls, []);
    });

    it('a control token may control, and each action reaches the control handler', async () => {
      const control = new RecordingControl();
      run = await startServer(new FakeSource(makeSnapshot('p1')), { control });
      const c = await connect(run.control);
      assert.equal(c.canControl(), true);
      await c.send('p1', 'pause');
      await c.send('p1', 'stop');
      await c.send('p1', 'input', { text: 'use the staging db' });
      assert.deepEqual(await c.send('p1', 'addTask', { title: 'Write the release notes', priority: 'high' }), { id: 'user-1', projectId: 'p1' });
      assert.deepEqual(control.calls, ['pause p1', 'stop p1', 'input p1 use the staging db', 'addTask p1 Write the release notes high']);
    });

    it('a control token on a read-only server is treated as read-only', async () => {
      run = await startServer(new FakeSource(makeSnapshot('p1')));
      const c = await connect(run.control);
      assert.equal(c.canControl(), false);
      await assert.rejects(c.send('p1', 'pause'), /HTTP 501/);
    });
  });
});
