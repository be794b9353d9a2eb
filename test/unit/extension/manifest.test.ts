// The manifest offers only what applies: welcome links and server commands follow context keys, numbers that must
// be whole are typed integer, and every command goes through the one error boundary.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string }>;
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
    menus: { commandPalette: Array<{ command: string; when: string }>; 'view/item/context': Array<{ command: string; when: string }> };
    configuration: { properties: Record<string, { type: string; default: unknown; description?: string; markdownDescription?: string }> };
  };
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(n => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('package.json manifest', () => {
  it('offers "Add project" in a welcome view only while there is no project', () => {
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(w.when, `${w.view} welcome has a when clause`);
      if (w.contents.includes('command:lokiDashboard.addProject')) assert.equal(w.when, '!lokiDashboard.hasProjects', w.view);
    }
    for (const view of ['lokiDashboard.agents', 'lokiDashboard.learnings']) {
      assert.ok(pkg.contributes.viewsWelcome.some(w => w.view === view && w.when === 'lokiDashboard.hasProjects'), `${view} has a welcome for when projects exist`);
    }
  });

  it('shows server commands in the palette only when they apply', () => {
    const when = (c: string) => pkg.contributes.menus.commandPalette.find(m => m.command === `lokiDashboard.${c}`)?.when;
    assert.equal(when('startServer'), '!lokiDashboard.serverRunning && isWorkspaceTrusted');
    assert.equal(when('stopServer'), 'lokiDashboard.serverRunning');
    assert.equal(when('copyServerUrl'), 'lokiDashboard.serverRunning');
  });

  it('types whole-number settings as integer', () => {
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) {
      if (typeof p.default === 'number') assert.equal(p.type, 'integer', key);
    }
  });

  it('activates on .loki, the views, the commands and the panel, not on every startup', () => {
    assert.deepEqual(pkg.activationEvents, ['workspaceContains:.loki', 'onWebviewPanel:lokiDashboard.dashboard']);
  });

  it('registers commands only through the one error boundary', () => {
    const direct = sources(path.join(root, 'src', 'extension'))
      .filter(f => !f.endsWith('commandBoundary.ts') && /commands\.registerCommand\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(direct.map(f => path.relative(root, f)), []);
  });

  it('gives Team rows no local command: an app of the hub and a read-only remote project match no item menu', () => {
    // What each tree-item menu offers for a context value, by its `viewItem == x` or `viewItem =~ /re/` clause.
    const offered = (contextValue: string): string[] => pkg.contributes.menus['view/item/context'].filter(m => {
      if (!m.when.includes('view == lokiDashboard.projects')) return false;
      const eq = /viewItem == (\S+)/.exec(m.when);
      const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(m.when);
      return eq ? eq[1] === contextValue : re ? new RegExp(re[1]!).test(contextValue) : false;
    }).map(m => m.command);
    assert.deepEqual(offered('teamApp'), []);
    assert.deepEqual(offered('team'), []);
    assert.deepEqual(offered('remoteProject'), []);
    assert.deepEqual(offered('remoteProject:control'), ['lokiDashboard.teamControl']);
    assert.ok(offered('project:running').includes('lokiDashboard.openDashboard'), 'the check reads the menus');
  });
});
