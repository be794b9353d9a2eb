import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { discoverAppGraph, isSiblingCandidate } from '../../../src/core/apps/appGraph';
import { manifestAppId } from '../../../src/core/apps/appManifest';
import { nodeAppGraphFs } from '../../../src/core/adapters/nodeAppGraphFs';
import { makeTempDir } from '../../fakes/tempDir';

/** Builds a folder layout: `{ 'acme/ui': {...manifest} | null }` makes acme/ui (with .loki/app.json when not null). */
function layout(root: string, dirs: Record<string, unknown>): void {
  for (const [rel, manifest] of Object.entries(dirs)) {
    const dir = path.join(root, rel);
    mkdirSync(dir, { recursive: true });
    if (manifest === null) continue;
    mkdirSync(path.join(dir, '.loki'), { recursive: true });
    writeFileSync(path.join(dir, '.loki', 'app.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  }
}

const v1 = (appId: string, extra: Record<string, unknown> = {}) => ({ schema_version: 1, app_id: appId, ...extra });

describe('App graph discovery (Loki project-graph.sh rules)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let R: string;
  beforeEach(() => { tmp = makeTempDir('loki-apps-'); R = tmp.dir; });
  afterEach(() => tmp.cleanup());
  const discover = (rel: string) => discoverAppGraph(path.join(R, rel), nodeAppGraphFs);
  const abs = (...rels: string[]) => rels.map(r => path.join(R, r)).sort();

  it('finds the app and its three members from one member (Loki fixture acme)', async () => {
    layout(R, { acme: v1('acme'), 'acme/ui': v1('acme'), 'acme/api': v1('acme'), 'acme/service': v1('acme') });
    const g = await discover('acme/ui');
    assert.deepEqual(g, { appId: 'acme', root: path.join(R, 'acme'), members: abs('acme/api', 'acme/service', 'acme/ui'), sharedMemoryDir: null });
  });

  it('returns null when no manifest exists anywhere', async () => {
    layout(R, { standalone: null, ui: null });
    assert.equal(await discover('standalone'), null);
  });

  it('returns null for a missing target folder', async () => {
    assert.equal(await discover('nope'), null);
  });

  it('skips a sibling whose app id differs', async () => {
    layout(R, { acme: v1('acme'), 'acme/ui': v1('acme'), 'acme/api': v1('acme'), 'acme/web': v1('other-app') });
    const g = await discover('acme/ui');
    assert.equal(g?.appId, 'acme');
    assert.deepEqual(g?.members, abs('acme/api', 'acme/ui'));
  });

  it('discovers the graph through the parent and siblings when the target has no manifest', async () => {
    layout(R, { acme: v1('acme'), 'acme/ui': v1('acme'), 'acme/api': v1('acme'), 'acme/orphan': null });
    const g = await discover('acme/orphan');
    assert.equal(g?.appId, 'acme');
    assert.deepEqual(g?.members, abs('acme/api', 'acme/ui'));
  });

  it('ignores manifests whose schema_version is not 1', async () => {
    layout(R, { acme: { schema_version: 2, app_id: 'acme' }, 'acme/ui': { schema_version: 2, app_id: 'acme' } });
    assert.equal(await discover('acme/ui'), null);
  });

  it('ignores app ids that break ^[a-z0-9-]{3,40}$', async () => {
    layout(R, { acme: v1('AcMe!'), 'acme/ui': v1('AcMe!') });
    assert.equal(await discover('acme/ui'), null);
    for (const bad of ['ab', 'a'.repeat(41), 'My-App', 'my_app', '']) assert.equal(manifestAppId(JSON.stringify(v1(bad))), null, bad);
    assert.equal(manifestAppId(JSON.stringify(v1('a'.repeat(40)))), 'a'.repeat(40));
    assert.equal(manifestAppId('{"schema_version":1,"app_id":7}'), null);
    assert.equal(manifestAppId('{"schema_version":"1","app_id":"acme"}'), null);
    assert.equal(manifestAppId('not json'), null);
  });

  it("prefers the target's app id over the parent's, and the parent's over the siblings'", async () => {
    layout(R, { acme: v1('parent-id'), 'acme/ui': v1('own-id'), 'acme/api': v1('parent-id') });
    assert.deepEqual(await discover('acme/ui'), { appId: 'own-id', root: path.join(R, 'acme'), members: abs('acme/ui'), sharedMemoryDir: null });
    const fromApi = await discover('acme/api');
    assert.equal(fromApi?.appId, 'parent-id');
    assert.deepEqual(fromApi?.members, abs('acme/api'), 'the parent folder itself is never a member');
  });

  it('takes the majority of sibling ids when neither target nor parent has one; a tie goes to the greater id', async () => {
    layout(R, { 'x/core': null, 'x/ui': v1('alpha'), 'x/api': v1('beta'), 'x/web': v1('beta') });
    const g = await discover('x/core');
    assert.equal(g?.appId, 'beta');
    assert.deepEqual(g?.members, abs('x/api', 'x/web'));
    layout(R, { 'y/core': null, 'y/ui': v1('alpha'), 'y/api': v1('beta') });
    assert.equal((await discover('y/core'))?.appId, 'beta');
  });

  it('counts fixed-name siblings case-insensitively and pattern siblings by prefix or suffix', async () => {
    layout(R, {
      'w/shop': v1('shop'), 'w/Backend': v1('shop'), 'w/shop-admin': v1('shop'), 'w/shop_jobs': v1('shop'), 'w/legacy-shop': v1('shop'),
      'w/old_shop': v1('shop'), 'w/shopfront': v1('shop'), 'w/docs': v1('shop'), 'w/Shop-x': v1('shop'),
    });
    const g = await discover('w/shop');
    assert.deepEqual(g?.members, abs('w/Backend', 'w/legacy-shop', 'w/old_shop', 'w/shop', 'w/shop-admin', 'w/shop_jobs'));
    assert.equal(isSiblingCandidate('SHOP', 'shop'), false, 'the target itself, in any case, is skipped');
    assert.equal(isSiblingCandidate('Frontend', 'x'), true);
    assert.equal(isSiblingCandidate('Shop-x', 'shop'), false, 'patterns are case-sensitive');
  });

  it("adopts the parent's explicit members[] as written when no sibling is discovered", async () => {
    layout(R, { myapp: v1('myapp', { members: ['client', 'server', 'missing', 7] }), 'myapp/client': null, 'myapp/server': null });
    const g = await discover('myapp/client');
    assert.equal(g?.appId, 'myapp');
    assert.deepEqual(g?.members, abs('myapp/client', 'myapp/server'), 'folders that do not exist and non-strings are dropped');
  });

  it('narrows the discovered members to the explicit list when they overlap', async () => {
    layout(R, { acme: v1('acme', { members: ['ui', 'service'] }), 'acme/ui': v1('acme'), 'acme/api': v1('acme'), 'acme/service': null });
    const g = await discover('acme/ui');
    assert.deepEqual(g?.members, abs('acme/ui'), 'service has no manifest so it is not discovered; api is not listed');
  });

  it('keeps the discovered members when the intersection with the explicit list is empty', async () => {
    layout(R, { acme: v1('acme', { members: ['elsewhere'] }), 'acme/elsewhere': null, 'acme/ui': v1('acme'), 'acme/api': v1('acme') });
    const g = await discover('acme/ui');
    assert.deepEqual(g?.members, abs('acme/api', 'acme/ui'));
  });

  it('resolves explicit members relative to the parent, accepts absolute ones and resolves symlinks', async () => {
    layout(R, { real: null, 'm/alpha': null });
    symlinkSync(path.join(R, 'real'), path.join(R, 'm', 'linked'));
    layout(R, { m: v1('mapp', { members: ['linked', path.join(R, 'm', 'alpha')], shared_memory_dir: '.loki-shared/mem' }) });
    const g = await discover('m/alpha');
    assert.deepEqual(g, { appId: 'mapp', root: path.join(R, 'm'), members: abs('m/alpha', 'real'), sharedMemoryDir: '.loki-shared/mem' });
  });

  it('returns null when the app id resolves but no member remains', async () => {
    layout(R, { solo: v1('solo-app'), 'solo/other': null });
    assert.equal(await discover('solo/other'), null);
  });

  it('treats unreadable or broken manifests as absent', async () => {
    layout(R, { b: '{"schema_version":1,', 'b/ui': v1('bapp'), 'b/api': '[1,2]' });
    const g = await discover('b/ui');
    assert.deepEqual(g?.members, abs('b/ui'));
  });
});
