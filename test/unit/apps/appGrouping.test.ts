import assert from 'node:assert/strict';
import { groupProjectsByApp } from '../../../src/core/apps/appGrouping';
import type { AppGroup, ProjectInfo } from '../../../src/core/domain';

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
