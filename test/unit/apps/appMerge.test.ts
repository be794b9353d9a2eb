// Local and team app groups merged for the dashboard picker: one app per id, both sides' projects on one board.
import assert from 'node:assert/strict';
import { mergeAppGroups } from '../../../src/core/apps/appMerge';
import type { AppGroup, ProjectSnapshot } from '../../../src/core/domain';
import { labelRemote } from '../../../src/extension/team/remoteProjects';
import { readAppGroups } from '../../../src/extension/team/teamClient';
import { applySnapshot, initialState } from '../../../src/webview/model/dashboardState';
import { appValue, resolveSelection } from '../../../src/webview/model/projectSelection';
import { TEAM_READ_ONLY, writeAccess } from '../../../src/webview/model/writeAccess';
import { makeSnapshot } from '../server/helpers/fakeSource';

describe('mergeAppGroups (local + team apps)', () => {
  const local: AppGroup[] = [
    { appId: 'myapp', roots: ['/w/myapp'], members: ['/w/myapp/ui'], projectIds: ['ui'] },
    { appId: 'solo-app', roots: ['/w'], members: ['/w/solo'], projectIds: ['solo'] },
  ];
  const remote: AppGroup[] = [
    { appId: 'myapp', roots: ['bob:/src/myapp'], members: ['bob:/src/myapp/api', 'bob:/src/myapp/ui'], projectIds: ['k-api'] },
    { appId: 'other', roots: ['bob:/o'], members: ['bob:/o/x'], projectIds: ['k-x'] },
  ];

  it('joins groups of the same app id: local project ids first, roots and members united and sorted', () => {
    assert.deepEqual(mergeAppGroups(local, remote), [
      { appId: 'myapp', roots: ['/w/myapp', 'bob:/src/myapp'], members: ['/w/myapp/ui', 'bob:/src/myapp/api', 'bob:/src/myapp/ui'], projectIds: ['ui', 'k-api'] },
      { appId: 'other', roots: ['bob:/o'], members: ['bob:/o/x'], projectIds: ['k-x'] },
      { appId: 'solo-app', roots: ['/w'], members: ['/w/solo'], projectIds: ['solo'] },
    ]);
  });

  it('keeps either side alone unchanged, drops empty groups and never repeats a project id', () => {
    assert.deepEqual(mergeAppGroups(local, []), [...local].sort((a, b) => a.appId.localeCompare(b.appId)));
    assert.deepEqual(mergeAppGroups([], remote), remote);
    assert.deepEqual(mergeAppGroups([{ appId: 'empty', roots: [], members: [], projectIds: [] }], []), []);
    const twice = mergeAppGroups([{ ...local[0]!, projectIds: ['ui', 'ui'] }], [{ ...remote[0]!, projectIds: ['ui', 'k-api'] }]);
    assert.deepEqual(twice[0]?.projectIds, ['ui', 'k-api']);
  });

  it('gives the picker one "All projects of myapp" board with the local and the team member, summed cost, read-only', () => {
    const ui: ProjectSnapshot = { ...makeSnapshot('ui'), session: { ...makeSnapshot('ui').session, costUsd: 1.25 } };
    const base = makeSnapshot('k-api');
    const api = labelRemote({ ...base, project: { id: 'k-api', name: 'api', path: 'bob:/src/myapp/api' }, session: { ...base.session, costUsd: 2.5 } });
    const solo = makeSnapshot('solo');
    const state = applySnapshot(initialState(), {
      type: 'state/snapshot', projects: [ui, solo, api], activeProjectId: null, logs: [], trusted: true, history: [],
      apps: mergeAppGroups(local, remote), readOnlyProjectIds: ['k-api'],
    });
    const sel = resolveSelection(state, appValue('myapp'));
    assert.deepEqual(sel.shown.map(s => s.project.name), ['project-ui', 'api (team: bob)']);
    assert.equal(sel.shown.reduce((a, s) => a + (s.session.costUsd ?? 0), 0), 3.75);
    assert.deepEqual(writeAccess(state.trusted, state.readOnly, sel.shown), { canWrite: false, reason: TEAM_READ_ONLY });
    // The local member alone stays writable.
    assert.deepEqual(writeAccess(state.trusted, state.readOnly, resolveSelection(state, 'ui').shown), { canWrite: true, reason: null });
  });

  it('reads a server\'s app groups defensively (malformed entries and fields left out)', () => {
    const body = [
      { appId: 'myapp', roots: ['bob:/r'], members: ['bob:/r/api', 7], projectIds: ['k-api'], costUsd: 2 },
      { appId: 3, projectIds: ['x'] }, null, 'myapp', { appId: 'bare' },
    ];
    assert.deepEqual(readAppGroups(body), [
      { appId: 'myapp', roots: ['bob:/r'], members: ['bob:/r/api'], projectIds: ['k-api'] },
      { appId: 'bare', roots: [], members: [], projectIds: [] },
    ]);
    assert.deepEqual(readAppGroups({ apps: [] }), []);
  });
});
