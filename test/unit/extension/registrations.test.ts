import assert from 'node:assert/strict';
import { Registrations } from '../../../src/extension/registrations';
import type { GlobalMemento } from '../../../src/extension/registrations';

/** globalState as VS Code shares it between windows: one backing map, each window writes its keys into it. */
function sharedGlobalState(backing: Map<string, unknown>): GlobalMemento {
  return {
    keys: () => [...backing.keys()],
    get: <T>(key: string) => backing.get(key) as T | undefined,
    update: (key, value) => {
      if (value === undefined) backing.delete(key);
      else backing.set(key, value);
      return Promise.resolve();
    },
  };
}

describe('Registrations (machine-wide projects added by hand)', () => {
  it('keeps both windows\' registrations when they add different projects at the same time', async () => {
    const backing = new Map<string, unknown>();
    const windowA = new Registrations(sharedGlobalState(backing));
    const windowB = new Registrations(sharedGlobalState(backing));
    await Promise.all([windowA.add('/work/a', 'A'), windowB.add('/work/b', 'B')]);
    assert.deepEqual(windowA.list(), [{ path: '/work/a', name: 'A' }, { path: '/work/b', name: 'B' }]);
    assert.deepEqual(windowB.list(), windowA.list());
  });

  it('removes one project without touching the others', async () => {
    const backing = new Map<string, unknown>();
    const r = new Registrations(sharedGlobalState(backing));
    await r.add('/work/a', 'A');
    await r.add('/work/b', 'B');
    await r.remove('/work/a');
    assert.equal(r.has('/work/a'), false);
    assert.deepEqual(r.list().map(x => x.path), ['/work/b']);
  });

  it('ignores malformed values and keys of other features', () => {
    const backing = new Map<string, unknown>([
      ['lokiDashboard.registered:bad', { path: 3 }],
      ['lokiDashboard.dismissedProjects', ['/x']],
      ['lokiDashboard.registered:ok', { path: '/ok', name: 'ok' }],
    ]);
    assert.deepEqual(new Registrations(sharedGlobalState(backing)).list(), [{ path: '/ok', name: 'ok' }]);
  });
});
