import assert from 'node:assert/strict';
import type { AppGroup, ProjectSnapshot } from '../../../src/core/domain';
import { applySnapshot, initialState } from '../../../src/webview/model/dashboardState';
import { appValue, resolveSelection } from '../../../src/webview/model/projectSelection';
import { makeSnapshot } from '../server/helpers/fakeSource';

describe('webview project picker selection', () => {
  const snaps: ProjectSnapshot[] = ['ui', 'api', 'solo'].map(id => makeSnapshot(id));
  const apps: AppGroup[] = [{ appId: 'myapp', roots: ['/w/myapp'], members: ['/w/myapp/api', '/w/myapp/ui'], projectIds: ['ui', 'api'] }];
  const state = applySnapshot(initialState(), { type: 'state/snapshot', projects: snaps, activeProjectId: null, logs: [], trusted: true, history: [], apps });

  it('shows the projects of an app as one multi-project board', () => {
    const sel = resolveSelection(state, appValue('myapp'));
    assert.equal(sel.selected, 'app:myapp');
    assert.equal(sel.single, null);
    assert.equal(sel.app?.appId, 'myapp');
    assert.deepEqual(sel.shown.map(s => s.project.id), ['ui', 'api']);
  });

  it('falls back to all projects when the app or project vanished, but waits before the first snapshot', () => {
    assert.equal(resolveSelection(state, appValue('gone')).selected, 'all');
    assert.equal(resolveSelection(state, 'nope').shown.length, 3);
    assert.equal(resolveSelection(initialState(), appValue('myapp')).selected, 'app:myapp');
  });

  it('keeps single-project and all-projects selection as before', () => {
    assert.equal(resolveSelection(state, 'solo').single?.project.id, 'solo');
    assert.equal(resolveSelection(state, 'all').shown.length, 3);
  });

  it('treats a snapshot without apps (older host) as no apps', () => {
    const old = applySnapshot(initialState(), { type: 'state/snapshot', projects: snaps, activeProjectId: null, logs: [], trusted: true, history: [] });
    assert.deepEqual(old.apps, []);
  });
});
