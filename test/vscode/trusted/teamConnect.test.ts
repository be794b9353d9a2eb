// Runs inside a real VS Code extension host: *Connect to Team Server* against a real API server (in this process,
// over a fake data source) adds a Team section that follows the server's events (read-only unless the token has
// control scope), feeds the dashboard's project picker (its projects and its apps), and disconnect removes it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Emitter } from '../../../src/core/disposable';
import type { AppGroup } from '../../../src/core/domain';
import { nullLogger } from '../../../src/core/logger';
import { dashboardApps } from '../../../src/extension/dashboard/dashboardApps';
import { ApiServer } from '../../../src/server/apiServer';
import { MemoryTokenStore } from '../../../src/server/tokens';
import type { ApiNewTask, AppSource, ControlHandler } from '../../../src/server/types';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { FakeSource, makeSnapshot } from '../../unit/server/helpers/fakeSource';
import { waitFor } from '../../fakes/waitFor';
import { hostApi } from '../hostHelpers';

describe('host: Connect to Team Server (trusted)', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let server: ApiServer;
  let source: FakeSource;
  let token: string;
  // The server's apps: remote1 is a member of myapp (a hub groups its publishers' projects the same way).
  let groups: AppGroup[] = [{ appId: 'myapp', roots: ['bob:/src/myapp'], members: ['bob:/src/myapp/api'], projectIds: ['remote1'] }];
  const appsChanged = new Emitter<AppGroup[]>();
  const apps: AppSource = { apps: () => groups, appOf: id => groups.find(g => g.projectIds.includes(id))?.appId ?? null, onDidChange: appsChanged.event };

  before(async () => {
    api = await hostApi();
    source = new FakeSource(makeSnapshot('remote1'));
    const tokens = new MemoryTokenStore();
    token = (await tokens.create('read', 'team test')).token;
    server = await ApiServer.start({ source, tokens, apps, log: nullLogger, host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await vscode.commands.executeCommand('lokiDashboard.disconnectTeamServer');
    await server.close();
    appsChanged.dispose();
  });

  it('shows the remote projects under Team, live, and removes the section on disconnect', async () => {
    const n = await vscode.commands.executeCommand<number>('lokiDashboard.connectTeamServer', { url: server.url, token });
    assert.equal(n, 1);
    const team = await waitFor('the Team section', () => api.trees.projects.getChildren().find(x => x.kind === 'team'));
    assert.equal(api.trees.projects.getTreeItem(team).label, 'Team');
    const [remote] = api.trees.projects.getChildren(team);
    assert.equal(remote?.kind, 'remote');
    assert.match(String(api.trees.projects.getTreeItem(remote).description), /^running/);
    const base = source.snapshot('remote1')!.session;
    source.emit('remote1', { kind: 'session/changed', session: { ...base, status: 'paused' }, fields: ['status'] });
    await waitFor('the paused status in the Team section', () => {
      const t = api.trees.projects.getChildren().find(x => x.kind === 'team');
      const r = t && api.trees.projects.getChildren(t)[0];
      return r && /^paused/.test(String(api.trees.projects.getTreeItem(r).description));
    });
    await vscode.commands.executeCommand('lokiDashboard.disconnectTeamServer');
    await waitFor('the Team section gone', () => !api.trees.projects.getChildren().some(x => x.kind === 'team'));
  });

  it('offers no control with a read token, and labels the remote projects for the dashboard picker', async () => {
    await vscode.commands.executeCommand('lokiDashboard.connectTeamServer', { url: server.url, token });
    const team = await waitFor('the Team section', () => api.trees.projects.getChildren().find(x => x.kind === 'team'));
    const [remote] = api.trees.projects.getChildren(team);
    assert.equal(api.trees.projects.getTreeItem(remote!).contextValue, 'remoteProject');
    assert.equal(await vscode.commands.executeCommand('lokiDashboard.teamControl', 'remote1', 'pause'), undefined);
    assert.deepEqual(api.services.team?.snapshots().map(s => s.project.name), ['project-remote1 (team: hub)']);
    // The picker offers the server's apps next to the window's own ("All projects of myapp"), and follows apps:changed.
    const myapp = dashboardApps(api.services).find(a => a.appId === 'myapp');
    assert.deepEqual(myapp?.projectIds, ['remote1']);
    groups = [{ ...groups[0]!, appId: 'renamed-app' }];
    appsChanged.fire(groups);
    await waitFor('the renamed app in the picker', () => dashboardApps(api.services).find(a => a.appId === 'renamed-app')?.projectIds.includes('remote1'));
    assert.ok(!dashboardApps(api.services).some(a => a.appId === 'myapp'));
    await vscode.commands.executeCommand('lokiDashboard.disconnectTeamServer');
    await waitFor('no team projects for the dashboard', () => api.services.team?.snapshots().length === 0);
    assert.ok(!dashboardApps(api.services).some(a => a.appId === 'renamed-app'));
  });

  it('with a control-scope token offers control and sends it to the server', async () => {
    const calls: string[] = [];
    const ok = (what: string) => (id: string): Promise<void> => { calls.push(`${what} ${id}`); return Promise.resolve(); };
    const control: ControlHandler = {
      pause: ok('pause'), resume: ok('resume'), stop: ok('stop'),
      sendInput: (id, text) => { calls.push(`input ${id} ${text}`); return Promise.resolve(); },
      addTask: (id, t: ApiNewTask) => { calls.push(`addTask ${id} ${t.title}`); return Promise.resolve('user-1'); },
      moveTask: ok('move'),
    };
    const tokens = new MemoryTokenStore();
    const ctl = (await tokens.create('control', 'team control test')).token;
    const controlled = await ApiServer.start({ source, tokens, control, log: nullLogger, host: '127.0.0.1', port: 0 });
    try {
      await vscode.commands.executeCommand('lokiDashboard.connectTeamServer', { url: controlled.url, token: ctl });
      const item = await waitFor('a controllable remote project', () => {
        const t = api.trees.projects.getChildren().find(x => x.kind === 'team');
        const r = t && api.trees.projects.getChildren(t)[0];
        return r && api.trees.projects.getTreeItem(r).contextValue === 'remoteProject:control' ? r : undefined;
      });
      assert.equal(item.kind, 'remote');
      await vscode.commands.executeCommand('lokiDashboard.teamControl', 'remote1', 'input', { text: 'hello from the team' });
      await vscode.commands.executeCommand('lokiDashboard.teamControl', 'remote1', 'addTask', { title: 'Team task' });
      assert.deepEqual(calls, ['input remote1 hello from the team', 'addTask remote1 Team task']);
    } finally {
      await vscode.commands.executeCommand('lokiDashboard.disconnectTeamServer');
      await controlled.close();
    }
  });

  it('reports a refused token without adding the section', async () => {
    const n = await vscode.commands.executeCommand<number | undefined>('lokiDashboard.connectTeamServer', { url: server.url, token: 'loki_' + 'x'.repeat(43) });
    assert.equal(n, undefined);
    assert.ok(!api.trees.projects.getChildren().some(x => x.kind === 'team'));
  });
});
