import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppIndex } from '../../../src/core/apps/appIndex';
import { nodeAppGraphFs } from '../../../src/core/adapters/nodeAppGraphFs';
import { Emitter } from '../../../src/core/disposable';
import type { AppGroup, ProjectInfo } from '../../../src/core/domain';
import { nullLogger } from '../../../src/core/logger';
import { makeTempDir } from '../../fakes/tempDir';

function manifest(dir: string, appId: string): void {
  mkdirSync(path.join(dir, '.loki'), { recursive: true });
  writeFileSync(path.join(dir, '.loki', 'app.json'), JSON.stringify({ schema_version: 1, app_id: appId }));
}

describe('AppIndex', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let index: AppIndex | undefined;
  beforeEach(() => { tmp = makeTempDir('loki-appindex-'); });
  afterEach(() => { index?.dispose(); tmp.cleanup(); });

  it('groups watched projects by app id and follows project list changes and manifest edits', async () => {
    const [ui, api, solo] = ['myapp/ui', 'myapp/api', 'solo'].map(r => path.join(tmp.dir, r)) as [string, string, string];
    manifest(ui, 'myapp');
    manifest(api, 'myapp');
    mkdirSync(solo, { recursive: true });
    let projects: ProjectInfo[] = [{ id: 'p-ui', name: 'ui', path: ui }, { id: 'p-solo', name: 'solo', path: solo }];
    const changed = new Emitter<ProjectInfo[]>();
    index = new AppIndex({ projects: () => projects, onProjectsChanged: changed.event }, { fs: nodeAppGraphFs, log: nullLogger, sweepMs: 0 });
    const fired: AppGroup[][] = [];
    index.onDidChange(a => fired.push(a));
    await index.refresh();
    assert.deepEqual(index.apps(), [{ appId: 'myapp', roots: [path.join(tmp.dir, 'myapp')], members: [api, ui], projectIds: ['p-ui'] }]);
    assert.equal(index.appOf('p-ui'), 'myapp');
    assert.equal(index.appOf('p-solo'), null);
    assert.equal(fired.length, 1);

    projects = [...projects, { id: 'p-api', name: 'api', path: api }];
    changed.fire(projects);
    await index.refresh();
    assert.deepEqual(index.apps()[0]?.projectIds, ['p-ui', 'p-api']);

    manifest(api, 'other-app');
    await index.refresh();
    assert.deepEqual(index.apps().map(a => [a.appId, a.projectIds]), [['myapp', ['p-ui']], ['other-app', ['p-api']]]);
    const before = fired.length;
    await index.refresh();
    assert.equal(fired.length, before, 'an unchanged layout fires nothing');
  });
});
