import assert from 'node:assert/strict';
import path from 'node:path';
import { EnvTokenStore } from '../../../src/server/envTokenStore';
import { parseDuration } from '../../../src/server/tokenExpiry';
import { MemoryTokenStore, generateToken, parseTokenRecords } from '../../../src/server/tokens';
import { makeTempDir } from '../../fakes/tempDir';
import type { CliProcess } from './helpers/cliProcess';
import { cli, listeningUrl, runCli, stop } from './helpers/cliProcess';
import { writeLiveProject } from './helpers/liveProject';

describe('token expiry and LOKI_DASHBOARD_TOKEN', function () {
  this.timeout(60_000);

  it('parses --expires durations', () => {
    assert.equal(parseDuration('30d'), 30 * 86_400_000);
    assert.equal(parseDuration('12h'), 12 * 3_600_000);
    assert.equal(parseDuration('90m'), 90 * 60_000);
    assert.equal(parseDuration('2w'), 14 * 86_400_000);
    for (const bad of ['', '0d', '30', 'd', '-1d', '1y', '1.5d', '99999999d']) assert.equal(parseDuration(bad), null, bad);
  });

  it('refuses a token once its expiry has passed, keeps one without expiry', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = new MemoryTokenStore(undefined, () => now);
    const short = await store.create('read', 'short', '2026-01-02T00:00:00Z');
    const forever = await store.create('read', 'forever');
    assert.equal(short.info.expiresAt, '2026-01-02T00:00:00.000Z');
    assert.equal(store.verify(short.token)?.id, short.info.id);
    now = new Date('2026-01-02T00:00:00Z');
    assert.equal(store.verify(short.token), undefined);
    assert.equal(store.verify(forever.token)?.id, forever.info.id);
    await assert.rejects(store.create('read', 'x', 'not a date'), /invalid expiry/);
    store.dispose();
  });

  it('keeps a stored expiry and turns an unreadable one into "expired", never "eternal"', () => {
    const base = { id: 'a', name: '', scope: 'read', hash: 'a'.repeat(64), createdAt: '' };
    assert.deepEqual(parseTokenRecords([{ ...base, expiresAt: '2030-01-01T00:00:00Z' }])[0]?.expiresAt, '2030-01-01T00:00:00.000Z');
    assert.equal(parseTokenRecords([{ ...base, expiresAt: 'garbage' }])[0]?.expiresAt, '1970-01-01T00:00:00.000Z');
    assert.equal(parseTokenRecords([base])[0]?.expiresAt, undefined);
  });

  it('accepts the environment token with control scope besides the stored ones', async () => {
    const inner = new MemoryTokenStore();
    const stored = await inner.create('read');
    const envTok = generateToken();
    const store = new EnvTokenStore(inner, envTok);
    assert.equal(store.verify(envTok)?.scope, 'control');
    assert.equal(store.verify(stored.token)?.id, stored.info.id);
    assert.equal(store.verify(generateToken()), undefined);
    assert.ok(store.hasTokens());
    assert.deepEqual(store.list().map(t => t.id), ['env', stored.info.id]);
    store.dispose();
  });

  describe('through the CLI', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    let serve: CliProcess | undefined;
    beforeEach(() => { tmp = makeTempDir('loki-token-exp-'); });
    afterEach(async () => { await stop(serve); serve = undefined; tmp.cleanup(); });

    it('token create --expires stores the expiry and list shows it; a bad duration is a usage error', async () => {
      const env = { XDG_CONFIG_HOME: path.join(tmp.dir, 'config') };
      const created = await runCli(['token', 'create', '--scope', 'read', '--expires', '30d'], env);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stderr, /expires at 20\d\d-/);
      const list = JSON.parse((await runCli(['token', 'list', '--json'], env)).stdout) as Array<{ expiresAt?: string }>;
      const days = (Date.parse(list[0]!.expiresAt!) - Date.now()) / 86_400_000;
      assert.ok(days > 29.9 && days <= 30, `expires in ${days} days`);
      const bad = await runCli(['token', 'create', '--scope', 'read', '--expires', 'soon'], env);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--expires must be/);
    });

    it('serve takes LOKI_DASHBOARD_TOKEN with no token file (headless), and refuses a malformed one', async () => {
      const project = path.join(tmp.dir, 'proj');
      writeLiveProject(project);
      const token = generateToken();
      const env = { XDG_CONFIG_HOME: path.join(tmp.dir, 'config'), LOKI_DASHBOARD_HOME: path.join(tmp.dir, 'home'), LOKI_DASHBOARD_TOKEN: token };
      serve = cli(['serve', project, '--port', '0'], env);
      const url = await listeningUrl(serve);
      assert.equal((await fetch(`${url}/api/projects`)).status, 401);
      assert.equal((await fetch(`${url}/api/projects`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
      assert.doesNotMatch(serve.stderr(), /No API token exists/);
      const bad = await runCli(['serve', project, '--port', '0'], { ...env, LOKI_DASHBOARD_TOKEN: 'secret' });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /LOKI_DASHBOARD_TOKEN must look like/);
    });
  });
});
