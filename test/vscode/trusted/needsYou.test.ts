// "Needs you" inside a real VS Code extension host: a dead-letter task in the fixture project becomes an item in the
// Projects tree (badge and node), the status bar count and one notification; Retry Task resolves it; a muted kind
// raises no notification.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LokiDashboardApi } from '../../../src/extension/extension';
import { waitFor } from '../../fakes/waitFor';
import { fixtureFolders, hostApi, setSetting } from '../hostHelpers';

describe('host: Needs you (trusted)', function () {
  this.timeout(60_000);
  let api: LokiDashboardApi;
  let queue: string;
  const saved = new Map<string, string | null>();

  before(async () => {
    api = await hostApi();
    const folder = fixtureFolders().withLoki[0] ?? (() => { throw new Error('no fixture folder with .loki'); })();
    queue = path.join(folder.uri.fsPath, '.loki', 'queue');
    for (const f of ['dead-letter.json', 'pending.json']) saved.set(f, await fs.readFile(path.join(queue, f), 'utf8').catch(() => null));
  });

  after(async () => {
    await setSetting('attention.mutedKinds', undefined);
    for (const [f, text] of saved) {
      if (text === null) await fs.rm(path.join(queue, f), { force: true });
      else await fs.writeFile(path.join(queue, f), text);
    }
    await waitFor('the items to clear', () => !api.needsYou().items.some(i => i.kind === 'task-failed'), 20_000);
  });

  it('shows a dead-letter task in the tree badge, a Needs you node, the status bar and one notification; Retry Task clears it', async () => {
    await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify([{ id: 'dl-host-1', title: 'Publish the package', status: 'failed', retries: 3 }]));
    const item = await waitFor('the task-failed item', () => api.needsYou().items.find(i => i.kind === 'task-failed' && i.taskId === 'dl-host-1'), 20_000);
    const count = api.needsYou().items.length;
    await waitFor('the tree badge', () => api.needsYou().badge === count);
    await waitFor('the status bar count', () => api.statusBar().text.endsWith(`$(bell-dot) ${count}`));
    const root = api.trees.projects.getChildren().find(n => n.project.id === item.projectId)!;
    const needs = api.trees.projects.getChildren(root).find(n => n.kind === 'needs');
    assert.ok(needs, 'a Needs you node under the project');
    assert.ok(api.trees.projects.getChildren(needs).some(n => n.kind === 'need' && n.item.id === item.id));
    await waitFor('one notification', () => api.needsYou().notifications.some(n => n.itemIds.includes(item.id) && /Publish the package/.test(n.message)), 5000);

    await api.services.attention!.act(item.id, 'retryTask');
    const pending = JSON.parse(await fs.readFile(path.join(queue, 'pending.json'), 'utf8')) as Array<{ id: string; retries?: number }>;
    assert.equal(pending.find(t => t.id === 'dl-host-1')?.retries, 0);
    await waitFor('the item to go away', () => !api.needsYou().items.some(i => i.id === item.id), 20_000);
    assert.equal(api.needsYou().badge, api.needsYou().items.length || undefined);
  });

  it('raises no notification for a muted kind, yet still lists the item', async () => {
    await setSetting('attention.mutedKinds', ['task-failed']);
    const muted = [{ id: 'dl-host-2', title: 'Muted one', status: 'failed' }];
    await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify(muted));
    const mutedItem = await waitFor('the muted item', () => api.needsYou().items.find(i => i.taskId === 'dl-host-2'), 20_000);
    // Unmuted again, the next failure is announced: that notification is the proof the muted one was dropped, not late.
    await setSetting('attention.mutedKinds', undefined);
    await fs.writeFile(path.join(queue, 'dead-letter.json'), JSON.stringify([...muted, { id: 'dl-host-3', title: 'Loud one', status: 'failed' }]));
    const loud = await waitFor('the unmuted notification', () => api.needsYou().notifications.find(n => /Loud one/.test(n.message)), 20_000);
    assert.ok(!loud.itemIds.includes(mutedItem.id));
    assert.ok(!api.needsYou().notifications.some(n => n.itemIds.includes(mutedItem.id)));
  });
});
