// Team projects in the dashboard: the host marks them read-only in the snapshot, the webview disables every write
// control while one is shown, and the host labels them with their machine (read-only board from the hub).
import assert from 'node:assert/strict';
import { isHostMessage } from '../../../src/core/protocol';
import { labelRemote } from '../../../src/extension/team/remoteProjects';
import { applySnapshot, initialState } from '../../../src/webview/model/dashboardState';
import { RESTRICTED, TEAM_READ_ONLY, writeAccess } from '../../../src/webview/model/writeAccess';
import { snapshot } from './fixtures';

describe('team projects in the dashboard (read-only)', () => {
  const local = snapshot('local1', 2, 1);
  const remote = labelRemote({ ...snapshot('a1b2c3d4e5f6', 1, 1), project: { id: 'a1b2c3d4e5f6', name: 'api', path: 'alice-laptop:/home/alice/myapp/api' } });

  it('labels a remote project with its machine, keeping its id', () => {
    assert.equal(remote.project.name, 'api (team: alice-laptop)');
    assert.equal(remote.project.id, 'a1b2c3d4e5f6');
  });

  it('keeps the read-only ids of a snapshot, and none from an older host', () => {
    const msg = { type: 'state/snapshot' as const, projects: [local, remote], activeProjectId: null, logs: [], trusted: true, history: [], readOnlyProjectIds: [remote.project.id] };
    assert.ok(isHostMessage(msg));
    assert.deepEqual(applySnapshot(initialState(), msg).readOnly, [remote.project.id]);
    const { readOnlyProjectIds: _, ...older } = msg;
    assert.deepEqual(applySnapshot(initialState(), older).readOnly, []);
    assert.equal(isHostMessage({ ...msg, readOnlyProjectIds: 'a1b2c3d4e5f6' }), false);
    assert.equal(isHostMessage({ ...msg, readOnlyProjectIds: [1] }), false);
  });

  it('disables writes while a team project is shown (alone or in a multi-project board), with the reason', () => {
    const ro = [remote.project.id];
    assert.deepEqual(writeAccess(true, ro, [local]), { canWrite: true, reason: null });
    assert.deepEqual(writeAccess(true, ro, [remote]), { canWrite: false, reason: TEAM_READ_ONLY });
    assert.deepEqual(writeAccess(true, ro, [local, remote]), { canWrite: false, reason: TEAM_READ_ONLY });
    assert.deepEqual(writeAccess(false, ro, [local]), { canWrite: false, reason: RESTRICTED });
  });
});
