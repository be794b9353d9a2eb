// The checkpoint cache re-reads a project's list when its files change, and only then.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CheckpointCache } from '../../../src/core/checkpoints/checkpointCache';
import { Emitter } from '../../../src/core/disposable';
import type { ChangeEnvelope, ProjectInfo } from '../../../src/core/domain';
import { nullLogger } from '../../../src/core/logger';
import { waitFor } from '../../fakes/waitFor';
import { copyProject, simulatedRepo } from './gitRun';

describe('CheckpointCache', function () {
  this.timeout(60_000);
  let sim: { root: string; dir: string };
  let t: { root: string; project: ProjectInfo };
  let cache: CheckpointCache | undefined;
  const changes = new Emitter<ChangeEnvelope>();
  const projectsChanged = new Emitter<ProjectInfo[]>();

  before(async () => { sim = await simulatedRepo(2); });
  after(async () => { await fs.rm(sim.root, { recursive: true, force: true }); });
  beforeEach(async () => { t = await copyProject(sim.dir); });
  afterEach(async () => {
    cache?.dispose();
    await fs.rm(t.root, { recursive: true, force: true });
  });

  it('reads every project at start, and again after a change event when the checkpoint files changed', async () => {
    const fired: string[] = [];
    cache = new CheckpointCache({ projects: () => [t.project], onChange: changes.event, onProjectsChanged: projectsChanged.event }, nullLogger, 10);
    cache.onDidChange(id => fired.push(id));
    await waitFor('the first read', () => cache!.get(t.project.id).length === 3);
    assert.deepEqual(fired, [t.project.id]);

    // Nothing changed on disk: a change event re-checks the stamp and fires nothing.
    const same = await cache.refresh(t.project.id);
    assert.equal(same.length, 3);
    assert.equal(fired.length, 1);

    const idx = path.join(t.project.path, '.loki/state/checkpoints/index.jsonl');
    const lines = (await fs.readFile(idx, 'utf8')).trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]!) as { id: string };
    await fs.rm(path.join(t.project.path, '.loki/state/checkpoints', last.id), { recursive: true });
    await fs.writeFile(idx, lines.slice(0, -1).join('\n') + '\n');
    changes.fire({ projectId: t.project.id, version: 1, at: Date.now(), change: { kind: 'project/loki', hasLoki: true } });
    await waitFor('the pruned list', () => cache!.get(t.project.id).length === 2);
    assert.deepEqual(fired, [t.project.id, t.project.id]);
    assert.ok(!cache.get(t.project.id).some(c => c.id === last.id));
  });
});
