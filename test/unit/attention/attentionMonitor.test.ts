import { strict as assert } from 'node:assert';
import { DEFAULT_ATTENTION_CONFIG } from '../../../src/core/attention/attentionConfig';
import { AttentionMonitor } from '../../../src/core/attention/attentionMonitor';
import type { AttentionChange, AttentionSource } from '../../../src/core/attention/attentionMonitor';
import { Emitter } from '../../../src/core/disposable';
import type { ChangeEnvelope, ProjectInfo, ProjectSnapshot } from '../../../src/core/domain';
import { snapshot, task } from '../extension/sessionFixtures';

/** A data source whose snapshots the test sets by hand. */
class HandSource implements AttentionSource {
  readonly changes = new Emitter<ChangeEnvelope>();
  readonly projectsChanged = new Emitter<ProjectInfo[]>();
  readonly snaps = new Map<string, ProjectSnapshot>();
  projects(): ProjectInfo[] { return [...this.snaps.values()].map(s => s.project); }
  snapshot(id: string): ProjectSnapshot | undefined { return this.snaps.get(id); }
  onChange = this.changes.event;
  onProjectsChanged = this.projectsChanged.event;
  /** Replaces a snapshot and announces a change of it. */
  set(s: ProjectSnapshot): void {
    this.snaps.set(s.project.id, s);
    this.changes.fire({ projectId: s.project.id, version: s.version, at: 0, change: { kind: 'session/changed', session: s.session, fields: ['status'] } });
  }
}

/** Resolves with the next change event. */
const next = (m: AttentionMonitor): Promise<AttentionChange> => new Promise(resolve => { const d = m.onDidChange(c => { d.dispose(); resolve(c); }); });

describe('AttentionMonitor', () => {
  let monitor: AttentionMonitor | undefined;
  afterEach(() => monitor?.dispose());

  it('re-derives a project when it changes and reports only the new items as added', async () => {
    const src = new HandSource();
    const base = snapshot({ status: 'running', alive: true, startedAt: null });
    src.snaps.set('p1', base);
    monitor = new AttentionMonitor({ source: src, config: DEFAULT_ATTENTION_CONFIG, tickMs: 0, debounceMs: 1 });
    assert.deepEqual(monitor.items(), []);
    const failed = { ...base, version: 2, columns: { ...base.columns, failed: [task('t1', 'failed', 'Flaky')] } };
    let change = next(monitor);
    src.set(failed);
    let c = await change;
    assert.deepEqual(c.added.map(i => i.id), ['p1:task-failed:t1']);
    change = next(monitor);
    src.set({ ...failed, version: 3, session: { ...failed.session, budget: { limit: 10, used: 9, exceeded: false } } });
    c = await change;
    assert.deepEqual(c.items.map(i => i.kind), ['task-failed', 'budget-warning']);
    assert.deepEqual(c.added.map(i => i.kind), ['budget-warning']);
  });

  it('stays silent when a change leaves the items as they were, and re-derives at once on new thresholds', async () => {
    const src = new HandSource();
    const s = snapshot({ status: 'running', alive: true, startedAt: null, budget: { limit: 10, used: 8.5, exceeded: false } });
    src.snaps.set('p1', s);
    monitor = new AttentionMonitor({ source: src, config: DEFAULT_ATTENTION_CONFIG, tickMs: 0, debounceMs: 1 });
    assert.deepEqual(monitor.items().map(i => i.kind), ['budget-warning']);
    const fired: AttentionChange[] = [];
    monitor.onDidChange(c => fired.push(c));
    src.set({ ...s, version: 2 });
    await new Promise(r => setTimeout(r, 20));
    assert.equal(fired.length, 0);
    monitor.setConfig({ ...DEFAULT_ATTENTION_CONFIG, budgetWarnPercent: 90 });
    assert.deepEqual(monitor.items(), []);
    assert.equal(fired.length, 1);
  });
});
