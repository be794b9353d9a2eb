// Runs inside a real VS Code extension host: activation does not wait for the store. The trees show projects from
// their `.loki` files while the store is still opening, history fills in when it is ready, and what the core wrote
// before it opened is in it after. The store's open waits on a promise the test resolves (no timing).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import type { ProjectNode } from '../../../src/extension/trees/projectsTree';
import { waitFor } from '../../fakes/waitFor';
import { EXTENSION_ID, hostApi } from '../hostHelpers';

describe('lazy activation: trees before the store, history after (trusted)', function () {
  this.timeout(90_000);
  let api: LokiDashboardApi;
  let tmp: string;
  const added: string[] = [];
  let openStore: (() => void) | undefined;

  const fixture = (): string => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test/fixtures/loki-runs/claude-todo/final');
  const addCopy = async (name: string): Promise<string> => {
    await fs.cp(fixture(), path.join(tmp, name), { recursive: true });
    const id = String(await vscode.commands.executeCommand('lokiDashboard.addProject', path.join(tmp, name)));
    added.push(id);
    return id;
  };
  const children = (node: ProjectNode | undefined): ProjectNode[] => (node ? api.trees.projects.getChildren(node) : []);
  const rows = (projectId: string): ProjectNode[] => children(api.trees.projects.projectNode(projectId));

  before(async () => {
    api = await hostApi();
    await api.whenHistoryLoaded();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-host-lazy-'));
  });

  after(async () => {
    openStore?.();
    await api.whenHistoryLoaded();
    for (const id of added) await vscode.commands.executeCommand('lokiDashboard.removeProject', id);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('recorded its activation milestones in order', () => {
    const t = api.timings();
    assert.ok(t.activateMs > 0);
    assert.ok(t.treesPopulatedMs !== null && t.treesPopulatedMs >= t.activateMs, JSON.stringify(t));
    assert.ok(t.storeReadyMs !== null && t.storeReadyMs >= t.activateMs, JSON.stringify(t));
    assert.ok(t.historyLoadedMs !== null && t.historyLoadedMs >= t.storeReadyMs, JSON.stringify(t));
  });

  it('shows a project from its files while the store opens, then fills history and keeps the writes made before', async () => {
    // A project with a past session: a new run starts (new start time), so the finished one becomes history.
    const pastId = await addCopy('past');
    await waitFor('the copied run to be read', () => api.core.snapshot(pastId)?.session.iteration === 4);
    const oldSession = api.core.snapshot(pastId)!.session.id;
    for (const file of ['state/orchestrator.json', 'dashboard-state.json']) {
      const abs = path.join(tmp, 'past', '.loki', file);
      await fs.writeFile(abs, (await fs.readFile(abs, 'utf8')).replace('2026-11-22T02:45:31Z', '2026-11-23T08:00:00Z'));
    }
    await waitFor('the finished run in History', () => rows(pastId).some(n => n.kind === 'history'));

    // From here the store is closed and opening again, as right after activation, until the test opens it.
    const gate = new Promise<void>(resolve => { openStore = resolve; });
    const reopened = api.reopenStoreAfter(gate);
    assert.equal(api.services.store.loaded, false);
    assert.ok(!rows(pastId).some(n => n.kind === 'history'), 'no history while the store opens');

    const freshId = await addCopy('fresh');
    const session = await waitFor('the new project in the Projects tree with its board', () => rows(freshId).find(n => n.kind === 'session'));
    const completed = children(session).find(n => n.kind === 'column' && n.status === 'completed');
    assert.equal(completed?.kind === 'column' ? completed.tasks.length : -1, 9);
    assert.equal(api.services.store.loaded, false, 'the tree showed it before the store was ready');
    assert.deepEqual(api.core.history(freshId), []);
    assert.deepEqual(api.core.logs(freshId), []);

    openStore!();
    await reopened;
    await api.whenHistoryLoaded();
    assert.equal(api.services.store.loaded, true);
    assert.equal(api.services.store.persistent, true);
    assert.ok(rows(pastId).some(n => n.kind === 'history' && n.sessions.some(s => s.id === oldSession)), 'history back in the tree');
    // The first read of the new project happened while the store was closed: its session, tasks and logs are in it now.
    const freshSession = api.core.snapshot(freshId)!.session.id;
    assert.deepEqual(api.core.history(freshId).map(s => s.id), [freshSession]);
    const onBoard = Object.values(api.core.snapshot(freshId)!.columns).flat().length;
    assert.equal(api.core.sessionTasks(freshId, freshSession).length, onBoard);
    assert.ok(api.core.logs(freshId).length > 0, 'log lines read before the store opened are stored');
    assert.ok(api.services.store.listProjects().some(p => p.id === freshId && p.registered));
  });
});
