import assert from 'node:assert/strict';
import { groupProjectsByApp } from '../../../src/core/apps/appGrouping';
import { groupRemoteByApp } from '../../../src/core/apps/remoteAppRows';
import type { AppGroup, ProjectInfo } from '../../../src/core/domain';
import { makeSnapshot } from '../server/helpers/fakeSource';

describe('groupProjectsByApp', () => {
  const p = (id: string, name = id): ProjectInfo => ({ id, name, path: `/w/${name}` });
  const app = (appId: string, projectIds: string[]): AppGroup => ({ appId, roots: [], members: [], projectIds });

  it('lists apps first, each with its projects by name, then the projects of no app', () => {
    const rows = groupProjectsByApp([p('3', 'zeta'), p('1', 'ui'), p('2', 'api'), p('4', 'alpha')], [app('shop', ['3']), app('myapp', ['1', '2'])]);
    assert.deepEqual(rows.map(r => (r.kind === 'app' ? `app:${r.app.appId}[${r.projects.map(x => x.name).join(',')}]` : r.project.name)), ['app:myapp[api,ui]', 'app:shop[zeta]', 'alpha']);
  });

  it('skips apps with no watched project and never lists a project twice', () => {
    const rows = groupProjectsByApp([p('1')], [app('a-app', ['1']), app('b-app', ['1']), app('empty', ['9'])]);
    assert.deepEqual(rows.map(r => r.kind === 'app' ? r.app.appId : r.project.id), ['a-app']);
  });
});

describe('groupRemoteByApp (the Team section of the Projects tree)', () => {
  const snap = (id: string, name: string) => { const s = makeSnapshot(id); return { ...s, project: { ...s.project, name } }; };
  const app = (appId: string, projectIds: string[], members: string[] = []): AppGroup => ({ appId, roots: [], members, projectIds });
  const show = (rows: ReturnType<typeof groupRemoteByApp>): string[] =>
    rows.map(r => (r.kind === 'app' ? `app:${r.app.appId}[${r.snaps.map(x => x.project.name).join(',')}]` : r.snap.project.name));

  it('groups remote projects under the hub\'s apps like local ones: apps by id, members by name, then the rest', () => {
    const rows = groupRemoteByApp([snap('r3', 'zeta'), snap('r1', 'web'), snap('r2', 'api'), snap('r4', 'alpha')], [], [app('shop', ['r3']), app('myapp', ['r1', 'r2'])]);
    assert.deepEqual(show(rows), ['app:myapp[api,web]', 'app:shop[zeta]', 'alpha']);
    // Each row carries the snapshot itself (status, cost), not a copy of its project only.
    const first = rows[0];
    assert.equal(first?.kind === 'app' ? first.snaps[1]?.session.status : undefined, 'running');
  });

  it('joins a local app of the same id (members of both sides) but only the hub places remote projects', () => {
    const local = [app('myapp', ['l1', 'r2'], ['/src/myapp/ui']), app('local-only', ['r1'])];
    const rows = groupRemoteByApp([snap('r1', 'web'), snap('r2', 'api')], local, [app('myapp', ['r1'], ['bob:/src/myapp/web'])]);
    assert.deepEqual(show(rows), ['app:myapp[web]', 'api']);
    const first = rows[0];
    assert.deepEqual(first?.kind === 'app' ? first.app.members : [], ['/src/myapp/ui', 'bob:/src/myapp/web']);
    assert.deepEqual(first?.kind === 'app' ? first.app.projectIds : [], ['r1']);
  });

  it('lists projects flat without hub apps, skips apps without a known project, never lists a project twice', () => {
    assert.deepEqual(show(groupRemoteByApp([snap('r1', 'b'), snap('r2', 'a')], [], [])), ['a', 'b']);
    assert.deepEqual(show(groupRemoteByApp([snap('r1', 'b')], [], [app('a-app', ['r1']), app('b-app', ['r1']), app('gone', ['r9'])])), ['app:a-app[b]']);
    assert.deepEqual(groupRemoteByApp([], [app('x', ['l1'])], [app('x', ['r1'])]), []);
  });
});
